import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import type { CheckedRow, ColumnSpec, PlannedFile, RowSink } from '@rcc/ssda903';

/** Rows per multi-row INSERT where COPY is not spoken (PGlite). */
const INSERT_ROWS = 1000;

/**
 * PGlite (the embedded demo's database, ADR 0004) speaks the wire protocol through pglite-socket but not COPY FROM
 * STDIN: there the rows go by multi-row INSERTs instead (same tables).
 */
async function supportsCopy(em: EntityManager): Promise<boolean> {
  const [{ version }] = (await em.query(`SELECT version() AS version`)) as [{ version: string }];
  return !/PGlite|emscripten/i.test(version);
}

async function insertRows(em: EntityManager, table: string, columns: string, rows: unknown[][]): Promise<void> {
  const width = columns.split(',').length;
  const tuples = rows.map(
    (_, r) => `(${Array.from({ length: width }, (__, c) => `$${r * width + c + 1}`).join(', ')})`,
  );
  await em.query(`INSERT INTO ${table} (${columns}) VALUES ${tuples.join(', ')}`, rows.flat());
}

const ESCAPE = /[\\\t\n\r]/;
/** One value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
const copyValue = (v: string | number | null | undefined): string => {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : String(v);
  return ESCAPE.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : s;
};

/** The staged columns of the header and episodes tables: the row's field, and its column in staging. */
export const COLUMNS = {
  header: [
    ['child', 'child_id'], ['sex', 'sex'], ['dob', 'dob'], ['ethnic', 'ethnic'], ['upn', 'upn'], ['mother', 'mother'],
    ['mcDob', 'mc_dob'],
  ],
  episodes: [
    ['child', 'child_id'], ['decom', 'decom'], ['rne', 'rne'], ['ls', 'ls'], ['cin', 'cin'], ['place', 'place'],
    ['placeProvider', 'place_provider'], ['dec', 'dec'], ['rec', 'rec'], ['reasonPlaceChange', 'reason_place_change'],
    ['homePost', 'home_post'], ['plPost', 'pl_post'], ['urn', 'urn'], ['plLocation', 'pl_location'], ['plLa', 'pl_la'],
  ],
} as const; // prettier-ignore

type Kind = 'header' | 'episodes' | 'other';
const TABLE: Record<Kind, string> = { header: 'stage_child', episodes: 'stage_episode', other: 'stage_record' };
const kindOf = (file: PlannedFile): Kind =>
  file.table === 'header' || file.table === 'episodes' ? file.table : 'other';

const stagedColumns = (kind: Kind): string =>
  kind === 'other'
    ? `ret, file, line, yraw, table_name, child_id, data`
    : `ret, file, line, yraw, ${COLUMNS[kind].map(([, c]) => c).join(', ')}`;

/**
 * Staging tables for one import, private to its transaction (TEMP ... ON COMMIT DROP): the rows as checked, with
 * the return, file and line they came from so checks across rows can name them, and the raw cells of year-coded
 * columns read differently (`yraw`), so an error found once the year is known can quote the cell as written. The
 * collection year is not staged: it is known only once a return's episodes are read, and the merge takes it from
 * the return's index. Nothing here outlives the transaction.
 */
async function createStaging(em: EntityManager): Promise<void> {
  await em.query(`
    CREATE TEMP TABLE stage_child (
      ret int, file text, line int, yraw jsonb, child_id text, sex text, dob date, ethnic text, upn text,
      mother text, mc_dob date
    ) ON COMMIT DROP`);
  await em.query(`
    CREATE TEMP TABLE stage_episode (
      ret int, file text, line int, yraw jsonb, child_id text, decom date, rne text, ls text, cin text, place text,
      place_provider text, dec date, rec text, reason_place_change text, home_post text, pl_post text, urn text,
      pl_location text, pl_la text
    ) ON COMMIT DROP`);
  await em.query(`
    CREATE TEMP TABLE stage_record (
      ret int, file text, line int, yraw jsonb, table_name text, child_id text, data jsonb
    ) ON COMMIT DROP`);
}

/**
 * Where the import's one pass puts the rows it checks (ADR 0023, ADR 0047): one `COPY ... FROM STDIN` stream per
 * file (pg-copy-streams) on the transaction's own connection, written as the rows are read and checked, with
 * back-pressure, so the files are read once and nothing is held but the chunk being written. PostgreSQL loads while
 * the next chunk is read. The cells outside a year's code list are found by SQL on the staged rows.
 */
export class StagingSink implements RowSink {
  /** The open COPY of the file being read (COPY mode), or the rows waiting for an INSERT (PGlite). */
  private stream: ReturnType<typeof copyFrom> | null = null;
  private failed: Promise<never> | null = null;
  private pending: unknown[][] = [];

  private constructor(
    private readonly em: EntityManager,
    private readonly copy: boolean,
  ) {}

  static async open(em: EntityManager): Promise<StagingSink> {
    await createStaging(em);
    return new StagingSink(em, await supportsCopy(em));
  }

  async rows(ret: number, file: PlannedFile, rows: CheckedRow[]): Promise<void> {
    const kind = kindOf(file);
    const values = rowValues(kind, file, rows);
    if (!this.copy) {
      for (const [i, v] of values.entries()) this.pending.push([ret, file.source.name, rows[i]!.line, ...v]);
      while (this.pending.length >= INSERT_ROWS) {
        await insertRows(this.em, TABLE[kind], stagedColumns(kind), this.pending.splice(0, INSERT_ROWS));
      }
      return;
    }
    const stream = await this.open(kind);
    const prefix = `${ret}\t${copyValue(file.source.name)}\t`;
    let text = '';
    for (const [i, v] of values.entries()) {
      text += `${prefix}${rows[i]!.line}`;
      for (const cell of v) text += `\t${copyValue(cell)}`;
      text += '\n';
    }
    // A refused row (a constraint of the staging table) surfaces as the stream's error: here, or at the file's end.
    if (!stream.write(text)) await Promise.race([once(stream, 'drain'), this.failed!]);
  }

  private async open(kind: Kind): Promise<ReturnType<typeof copyFrom>> {
    if (this.stream) return this.stream;
    // The transaction's own connection (a public QueryRunner call): the COPY is part of the import's transaction.
    const client = (await this.em.queryRunner!.connect()) as pg.PoolClient;
    const stream = client.query(copyFrom(`COPY ${TABLE[kind]} (${stagedColumns(kind)}) FROM STDIN`));
    this.failed = new Promise<never>((_, reject) => stream.once('error', reject));
    this.failed.catch(() => undefined); // raised where it is awaited: the next write or the file's end
    this.stream = stream;
    return stream;
  }

  async endFile(_ret: number, file: PlannedFile): Promise<void> {
    if (!this.copy) {
      const kind = kindOf(file);
      if (this.pending.length > 0) await insertRows(this.em, TABLE[kind], stagedColumns(kind), this.pending);
      this.pending = [];
      return;
    }
    const stream = this.stream;
    if (!stream) return;
    this.stream = null;
    stream.end();
    await Promise.race([finished(stream), this.failed!]);
  }

  async outsideCodes(
    ret: number,
    file: PlannedFile,
    spec: ColumnSpec,
    codes: readonly string[],
    limit: number,
  ): Promise<{ rows: { line: number; value: string }[]; total: number }> {
    const kind = kindOf(file);
    const column =
      kind === 'other'
        ? `(data->>'${spec.field.replace(/'/g, "''")}')`
        : COLUMNS[kind].find(([field]) => field === spec.field)![1];
    const rows = (await this.em.query(
      `SELECT line, coalesce(yraw->>$3, ${column}) AS value, count(*) OVER ()::int AS total
         FROM ${TABLE[kind]}
        WHERE ret = $1 AND file = $2 AND ${column} IS NOT NULL AND NOT (${column} = ANY($4::text[]))
        ORDER BY line LIMIT $5`,
      [ret, file.source.name, spec.column, codes, limit],
    )) as { line: number; value: string; total: number }[];
    return { rows: rows.map(({ line, value }) => ({ line, value })), total: rows[0]?.total ?? 0 };
  }
}

/** A checked row's staged values after (ret, file, line): yraw, then the table's columns (or table, child, data). */
function rowValues(kind: Kind, file: PlannedFile, rows: CheckedRow[]): (string | null)[][] {
  if (kind === 'other') {
    const fields = file.specs.map((s) => s.field);
    const childAt = fields.indexOf('child');
    return rows.map((r) => {
      const data: Record<string, string | null> = {};
      fields.forEach((f, i) => (data[f] = r.values[i] ?? null));
      return [r.raw && JSON.stringify(r.raw), file.table, r.values[childAt] ?? null, JSON.stringify(data)];
    });
  }
  const at = COLUMNS[kind].map(([field]) => file.specs.findIndex((s) => s.field === field));
  return rows.map((r) => {
    const values: (string | null)[] = [r.raw && JSON.stringify(r.raw)];
    for (const i of at) values.push(i < 0 ? null : (r.values[i] ?? null));
    return values;
  });
}

/**
 * After the pass: the row counts for the planner. The checks and the merge sort or hash the staged rows; indexes on
 * them cost about what they saved (measured at 50k and 1M episode rows), so there are none.
 */
export async function finishStaging(em: EntityManager): Promise<void> {
  // Temporary tables are never analysed automatically; the checks and merges below need the row counts.
  await em.query(`ANALYZE stage_child, stage_episode, stage_record`);
}
