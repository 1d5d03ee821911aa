import pg from 'pg';
import type { EntityManager } from 'typeorm';
import {
  ROW_KEYS,
  stitchedEpisodesSql,
  type CheckedRow,
  type ColumnSpec,
  type ImportError,
  type PlannedFile,
  type RowSink,
  type ValidationReport,
} from '@rcc/ssda903';

/** Rows per COPY: bounded, so a batch's text is small whatever the file size. */
const BATCH = 5000;

/**
 * `COPY ... FROM STDIN` with pg alone (there is no pg-copy-streams here): a pg Query that answers the server's
 * CopyInResponse with one chunk of COPY text and the end-of-copy message. Runs on the transaction's own connection.
 */
class CopyIn extends pg.Query {
  constructor(
    text: string,
    private readonly data: string,
    callback: (error: Error | undefined) => void,
  ) {
    super({ text }, undefined, callback);
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }): void {
    connection.sendCopyFromChunk(Buffer.from(this.data, 'utf8'));
    connection.endCopyFrom();
  }
}

/**
 * PGlite (the embedded demo's database, ADR 0004) speaks the wire protocol through pglite-socket but not COPY FROM
 * STDIN: there the rows go by multi-row INSERTs instead (same batches, same tables).
 */
async function supportsCopy(em: EntityManager): Promise<boolean> {
  const [{ version }] = (await em.query(`SELECT version() AS version`)) as [{ version: string }];
  return !/PGlite|emscripten/i.test(version);
}

async function insertRows(em: EntityManager, copy: string, rows: unknown[][]): Promise<void> {
  const [, table, columns] = /^COPY (\w+) \(([^)]*)\)/.exec(copy.replace(/\s+/g, ' '))!;
  const width = columns!.split(',').length;
  const params = rows.flat();
  const tuples = rows.map(
    (_, r) => `(${Array.from({ length: width }, (__, c) => `$${r * width + c + 1}`).join(', ')})`,
  );
  await em.query(`INSERT INTO ${table} (${columns}) VALUES ${tuples.join(', ')}`, params);
}

async function copyIn(em: EntityManager, text: string, data: string): Promise<void> {
  const client = (em.queryRunner as unknown as { databaseConnection: pg.PoolClient }).databaseConnection;
  await new Promise<void>((resolve, reject) =>
    client.query(new CopyIn(text, data, (error) => (error ? reject(error) : resolve())) as never),
  );
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
const COLUMNS = {
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

const copyStatement = (kind: Kind): string =>
  kind === 'other'
    ? `COPY stage_record (ret, file, line, yraw, table_name, child_id, data) FROM STDIN`
    : `COPY ${TABLE[kind]} (ret, file, line, yraw, ${COLUMNS[kind].map(([, c]) => c).join(', ')}) FROM STDIN`;

/**
 * Staging tables for one import, private to its transaction (TEMP ... ON COMMIT DROP): the rows as checked, with
 * the return, file and line they came from so checks across rows can name them, and the raw cells of year-coded
 * columns read differently (`yraw`), so an error found once the year is known can quote the cell as written. The
 * collection year is not staged: it is known only once a return's episodes are read, and the merge takes it from
 * the return's index. Nothing here outlives the transaction.
 */
export async function createStaging(em: EntityManager): Promise<void> {
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
 * Where the import's one pass puts the rows it checks (ADR 0023): COPY into the staging tables on the
 * transaction's own connection, 5,000 rows a statement, so the files are read once and nothing is held but a batch.
 * The cells outside a year's code list are found by SQL on the staged rows.
 */
export class StagingSink implements RowSink {
  private text: string[] = [];
  private rowsOf: unknown[][] = [];
  private kind: Kind = 'other';
  private batch = 0;
  /** The COPY sent last, not yet awaited: PostgreSQL loads one batch while the next is read and checked. */
  private inFlight: Promise<void> = Promise.resolve();

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
    if (this.batch > 0 && kind !== this.kind) await this.flush();
    this.kind = kind;
    const prefix = `${ret}\t${copyValue(file.source.name)}\t`;
    if (kind === 'other') {
      const fields = file.specs.map((s) => s.field);
      const childAt = fields.indexOf('child');
      for (const r of rows) {
        const data: Record<string, string | null> = {};
        fields.forEach((f, i) => (data[f] = r.values[i] ?? null));
        const values = [r.raw && JSON.stringify(r.raw), file.table, r.values[childAt], JSON.stringify(data)];
        this.add(prefix, ret, file, r.line, values);
      }
    } else {
      const at = COLUMNS[kind].map(([field]) => file.specs.findIndex((s) => s.field === field));
      for (const r of rows) {
        const values: (string | null)[] = [r.raw && JSON.stringify(r.raw)];
        for (const i of at) values.push(i < 0 ? null : (r.values[i] ?? null));
        this.add(prefix, ret, file, r.line, values);
      }
    }
    if (this.batch >= BATCH) await this.flush();
  }

  private add(prefix: string, ret: number, file: PlannedFile, line: number, values: (string | null)[]): void {
    if (this.copy) {
      let text = `${prefix}${line}`;
      for (const v of values) text += `\t${copyValue(v)}`;
      this.text.push(`${text}\n`);
    } else {
      this.rowsOf.push([ret, file.source.name, line, ...values]);
    }
    this.batch += 1;
  }

  async endFile(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }

  private async flush(): Promise<void> {
    if (this.batch === 0) return;
    const statement = copyStatement(this.kind);
    // One batch in flight at most: its failure surfaces here, at the next flush, or at the end of the file.
    await this.inFlight;
    if (this.copy) {
      const sent = copyIn(this.em, statement, this.text.join(''));
      sent.catch(() => undefined); // awaited (and thrown) above, next time round
      this.inFlight = sent;
    } else {
      for (let i = 0; i < this.rowsOf.length; i += 1000) {
        await insertRows(this.em, statement, this.rowsOf.slice(i, i + 1000));
      }
    }
    this.text = [];
    this.rowsOf = [];
    this.batch = 0;
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

/**
 * After the pass: the row counts for the planner. The checks and the merge sort or hash the staged rows; indexes on
 * them cost about what they saved (measured at 50k and 1M episode rows), so there are none.
 */
export async function finishStaging(em: EntityManager): Promise<void> {
  // Temporary tables are never analysed automatically; the checks and merges below need the row counts.
  await em.query(`ANALYZE stage_child, stage_episode, stage_record`);
}

/**
 * The checks that span rows, in SQL over the staged rows, so no per-child state is held in the service's memory:
 * a child twice in one return's header, two episodes of a child starting on one day, an episode with no header row,
 * an episode starting before the date of birth, and duplicate rows in the other tables.
 */
export async function crossRowErrors(em: EntityManager): Promise<ImportError[]> {
  const rows = (await em.query(`
    SELECT file, line AS row, 'CHILD' AS column, child_id AS value, 'header.child.duplicate' AS rule,
           'child ' || child_id || ' appears more than once in the header' AS message
      FROM (SELECT *, row_number() OVER (PARTITION BY ret, child_id ORDER BY line) AS n FROM stage_child) s
     WHERE n > 1
    UNION ALL
    SELECT file, line, 'CHILD,DECOM', child_id || '/' || to_char(decom, 'YYYY-MM-DD'), 'episodes.key.duplicate',
           'child ' || child_id || ' has two episodes starting ' || to_char(decom, 'YYYY-MM-DD')
      FROM (SELECT *, row_number() OVER (PARTITION BY ret, child_id, decom ORDER BY line) AS n FROM stage_episode) s
     WHERE n > 1
    UNION ALL
    SELECT e.file, e.line, 'CHILD', e.child_id, 'episodes.child.not-in-header',
           'child ' || e.child_id || ' has an episode but no header row in any file of this import, and none is stored'
      FROM stage_episode e
     WHERE NOT EXISTS (SELECT 1 FROM stage_child h WHERE h.child_id = e.child_id)
       AND NOT EXISTS (SELECT 1 FROM child c WHERE c.child_id = e.child_id)
    UNION ALL
    SELECT DISTINCT ON (e.file, e.line) e.file, e.line, 'DECOM', to_char(e.decom, 'YYYY-MM-DD'),
           'episodes.decom.before-dob',
           'the episode starts (' || to_char(e.decom, 'YYYY-MM-DD') || ') before the child''s date of birth ('
             || to_char(h.dob, 'YYYY-MM-DD') || ', header row in ' || h.file || ' line ' || h.line || ')'
      FROM stage_episode e JOIN stage_child h ON h.child_id = e.child_id
     WHERE e.decom < h.dob
    UNION ALL
    SELECT * FROM (
      SELECT DISTINCT ON (h.child_id) h.file, h.line, 'DOB', h.child_id, 'header.dob.missing',
             'child ' || h.child_id || ' has no date of birth in any file of this import, and none is stored'
        FROM stage_child h
       WHERE NOT EXISTS (SELECT 1 FROM stage_child o WHERE o.child_id = h.child_id AND o.dob IS NOT NULL)
         AND NOT EXISTS (SELECT 1 FROM child c WHERE c.child_id = h.child_id)
       ORDER BY h.child_id, h.ret, h.line) no_dob
    ORDER BY 1, 2`)) as ImportError[];
  for (const [table, keys] of Object.entries(ROW_KEYS)) {
    if (keys === null) continue;
    const key = ['child_id', ...keys.map((_, i) => `(data->>$${i + 2})`)].join(` || '/' || `);
    const columns = ['CHILD', ...keys].join(',');
    rows.push(
      ...((await em.query(
        `SELECT file, line AS row, $${keys.length + 2}::text AS column, k AS value,
                $1 || '.key.duplicate' AS rule, $1 || ' has this row twice (' || k || ')' AS message
           FROM (SELECT file, line, ${key} AS k,
                        row_number() OVER (PARTITION BY ret, child_id${keys.map((_, i) => `, (data->>$${i + 2})`).join('')}
                                           ORDER BY line) AS n
                   FROM stage_record WHERE table_name = $1) s
          WHERE n > 1 ORDER BY file, line`,
        [table, ...keys, columns],
      )) as ImportError[]),
    );
  }
  return rows;
}

/** Notes on header rows found in another return than an episode's, kept in full up to this many. */
const MAX_HEADER_NOTES = 1_000;

/**
 * Where a child's header row was found when the return holding its episodes has none (regional extracts put a
 * child's header in one year's file only): informational, one per child and return, never a reason to refuse.
 * `years` are the returns' collection years by index.
 */
export async function headerElsewhereNotes(
  em: EntityManager,
  years: (number | null)[],
): Promise<{ file: string; rule: string; message: string }[]> {
  const rows = (await em.query(
    `SELECT e.child_id AS child, e.ret, h.file, h.line, count(*) OVER () AS total
       FROM (SELECT DISTINCT child_id, ret FROM stage_episode) e
       JOIN LATERAL (SELECT file, line FROM stage_child h WHERE h.child_id = e.child_id
                      ORDER BY abs(h.ret - e.ret), h.ret DESC LIMIT 1) h ON true
      WHERE NOT EXISTS (SELECT 1 FROM stage_child o WHERE o.child_id = e.child_id AND o.ret = e.ret)
      ORDER BY e.ret, e.child_id
      LIMIT $1`,
    [MAX_HEADER_NOTES],
  )) as { child: string; ret: number; file: string; line: number; total: string }[];
  const notes = rows.map((r) => ({
    file: r.file,
    rule: 'episodes.header.other-return',
    message:
      `header row for child ${r.child} found in ${r.file} line ${r.line}` +
      ` (used for its ${years[r.ret] ?? 'undated'} episodes)`,
  }));
  const total = Number(rows[0]?.total ?? 0);
  if (total > rows.length) {
    notes.push({
      file: '',
      rule: 'episodes.header.other-return',
      message: `and ${total - rows.length} more children whose header row is in another year's file`,
    });
  }
  return notes;
}

/**
 * Merges the staged rows into the council's tables. A row from a later return supersedes the one held; a row from
 * an older return imported afterwards does not overwrite a newer one. A return replaces what was held for its year
 * in each of the other tables it contains. Counting end dates are reset here and set again by re-stitching.
 */
export async function mergeStaging(
  em: EntityManager,
  report: ValidationReport,
  batchId: string,
): Promise<{ counts: { children: number; episodes: number; records: number }; stitched: boolean }> {
  // A return's collection year, by its index (staged rows carry the index: the year is known after the pass).
  const years = report.returns.map((r) => r.collectionYear);
  // The batch row is written last (it records the snapshot); its foreign keys are checked at commit.
  // The first import into empty tables has nothing to merge with: plain inserts, no conflict arbitration per row
  // (imports are serialised by the service's lock, so the tables stay empty until this one commits).
  const [{ empty }] = (await em.query(
    `SELECT NOT EXISTS (SELECT 1 FROM child) AND NOT EXISTS (SELECT 1 FROM episode) AS empty`,
  )) as [{ empty: boolean }];
  await em.query(
    `INSERT INTO child (child_id, sex, dob, ethnic, upn, mother, mc_dob, source_year, batch_id)
     SELECT DISTINCT ON (child_id) child_id, sex,
            -- A row with no DOB (regional extracts) takes the child's DOB from its latest row that has one.
            coalesce(dob, (SELECT d.dob FROM stage_child d WHERE d.child_id = s.child_id AND d.dob IS NOT NULL
                            ORDER BY d.ret DESC LIMIT 1)),
            ethnic, upn, mother, mc_dob, ($2::int[])[ret + 1], $1
       FROM stage_child s ORDER BY child_id, ret DESC
     ${
       empty
         ? ''
         : `ON CONFLICT (child_id) DO UPDATE
       SET sex = EXCLUDED.sex, dob = coalesce(EXCLUDED.dob, child.dob), ethnic = EXCLUDED.ethnic, upn = EXCLUDED.upn,
           mother = EXCLUDED.mother, mc_dob = EXCLUDED.mc_dob, source_year = EXCLUDED.source_year,
           batch_id = EXCLUDED.batch_id
     WHERE child.source_year IS NULL OR child.source_year <= EXCLUDED.source_year`
     }`,
    [batchId, years],
  );
  if (empty) {
    // Nothing stored to stitch with: the rows go in stitched (the one stitching rule, as re-stitching applies it),
    // so re-stitching afterwards finds nothing to change and no row is written twice.
    await em.query(
      `WITH d AS (
         SELECT DISTINCT ON (child_id, decom) child_id, decom, rne, ls, cin, place, place_provider, dec, rec,
                reason_place_change, home_post, pl_post, urn, pl_location, pl_la, ($2::int[])[ret + 1] AS source_year
           FROM stage_episode ORDER BY child_id, decom, ret DESC
       )
       INSERT INTO episode (child_id, decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change,
                            home_post, pl_post, urn, pl_location, pl_la, source_year, dec_effective, repair, batch_id)
       SELECT child_id, decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change, home_post, pl_post,
              urn, pl_location, pl_la, source_year, effective, rule, $1
         FROM (${stitchedEpisodesSql('d')}) t`,
      [batchId, years],
    );
  } else {
    await em.query(
      `INSERT INTO episode (child_id, decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change,
                            home_post, pl_post, urn, pl_location, pl_la, source_year, dec_effective, repair, batch_id)
       SELECT DISTINCT ON (child_id, decom) child_id, decom, rne, ls, cin, place, place_provider, dec, rec,
              reason_place_change, home_post, pl_post, urn, pl_location, pl_la, ($2::int[])[ret + 1], dec, NULL, $1
         FROM stage_episode ORDER BY child_id, decom, ret DESC
       ON CONFLICT (child_id, decom) DO UPDATE
         SET rne = EXCLUDED.rne, ls = EXCLUDED.ls, cin = EXCLUDED.cin, place = EXCLUDED.place,
             place_provider = EXCLUDED.place_provider, dec = EXCLUDED.dec, rec = EXCLUDED.rec,
             reason_place_change = EXCLUDED.reason_place_change, home_post = EXCLUDED.home_post,
             pl_post = EXCLUDED.pl_post, urn = EXCLUDED.urn, pl_location = EXCLUDED.pl_location,
             pl_la = EXCLUDED.pl_la, source_year = EXCLUDED.source_year,
             dec_effective = EXCLUDED.dec_effective, repair = EXCLUDED.repair, batch_id = EXCLUDED.batch_id
       WHERE episode.source_year IS NULL OR episode.source_year <= EXCLUDED.source_year`,
      [batchId, years],
    );
  }
  // Every other table present in a return replaces that year's rows, even when it has none left.
  for (const r of report.returns) {
    for (const f of r.files) {
      if (f.table === 'header' || f.table === 'episodes') continue;
      await em.query(`DELETE FROM ssda903_record WHERE table_name = $1 AND collection_year = $2`, [
        f.table,
        r.collectionYear,
      ]);
    }
  }
  await em.query(
    `INSERT INTO ssda903_record (table_name, collection_year, child_id, data, batch_id)
     SELECT table_name, ($2::int[])[ret + 1], child_id, data, $1 FROM stage_record ORDER BY ret, file, line`,
    [batchId, years],
  );
  const [counts] = (await em.query(`
    SELECT (SELECT count(DISTINCT child_id) FROM stage_child)::int AS children,
           (SELECT count(*) FROM (SELECT DISTINCT child_id, decom FROM stage_episode) e)::int AS episodes,
           (SELECT count(*) FROM stage_record)::int AS records`)) as [
    { children: number; episodes: number; records: number },
  ];
  return { counts, stitched: empty };
}
