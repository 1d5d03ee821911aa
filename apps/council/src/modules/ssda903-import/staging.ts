import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { ROW_KEYS, validatedRows, type ImportError, type ValidationReport } from '@rcc/ssda903';

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

/** One value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
const copyValue = (v: unknown): string =>
  v === null || v === undefined
    ? '\\N'
    : String(v).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

const COLUMNS = {
  header: ['child', 'sex', 'dob', 'ethnic', 'upn', 'mother', 'mcDob'],
  episodes: [
    'child', 'decom', 'rne', 'ls', 'cin', 'place', 'placeProvider', 'dec', 'rec', 'reasonPlaceChange', 'homePost',
    'plPost', 'urn', 'plLocation', 'plLa',
  ],
} as const; // prettier-ignore

const COPY: Record<'header' | 'episodes' | 'other', string> = {
  header: `COPY stage_child (ret, file, line, source_year, child_id, sex, dob, ethnic, upn, mother, mc_dob) FROM STDIN`,
  episodes: `COPY stage_episode (ret, file, line, source_year, child_id, decom, rne, ls, cin, place, place_provider, dec,
             rec, reason_place_change, home_post, pl_post, urn, pl_location, pl_la) FROM STDIN`,
  other: `COPY stage_record (ret, file, line, collection_year, table_name, child_id, data) FROM STDIN`,
};

/**
 * Staging tables for one import, private to its transaction (TEMP ... ON COMMIT DROP): the rows as validated, with
 * the file and line they came from so checks across rows can name them. Nothing here outlives the transaction.
 */
export async function createStaging(em: EntityManager): Promise<void> {
  await em.query(`
    CREATE TEMP TABLE stage_child (
      ret int, file text, line int, child_id text, sex text, dob date, ethnic text, upn text, mother text,
      mc_dob date, source_year int
    ) ON COMMIT DROP`);
  await em.query(`
    CREATE TEMP TABLE stage_episode (
      ret int, file text, line int, child_id text, decom date, rne text, ls text, cin text, place text,
      place_provider text, dec date, rec text, reason_place_change text, home_post text, pl_post text, urn text,
      pl_location text, pl_la text, source_year int
    ) ON COMMIT DROP`);
  await em.query(`
    CREATE TEMP TABLE stage_record (
      ret int, file text, line int, table_name text, collection_year int, child_id text, data jsonb
    ) ON COMMIT DROP`);
}

/** Pass 2: reads every file again as a stream and loads its validated rows into staging, a batch at a time. */
export async function stageRows(
  em: EntityManager,
  report: ValidationReport,
  progress: (file: string, rows: number) => void,
): Promise<void> {
  const copy = await supportsCopy(em);
  for (const [ret, r] of report.returns.entries()) {
    for (const f of r.files) {
      const kind = f.table === 'header' || f.table === 'episodes' ? f.table : 'other';
      const fixed = [ret, f.source.name];
      let text = '';
      let rows: unknown[][] = [];
      let batch = 0;
      let n = 0;
      const flush = async () => {
        if (batch === 0) return;
        if (copy) await copyIn(em, COPY[kind], text);
        else for (let i = 0; i < rows.length; i += 1000) await insertRows(em, COPY[kind], rows.slice(i, i + 1000));
        n += batch;
        [text, rows, batch] = ['', [], 0];
        progress(f.source.name, n);
      };
      for await (const { line, row } of validatedRows(f, r.collectionYear)) {
        const values =
          kind === 'other'
            ? [...fixed, line, r.collectionYear, f.table, row['child'], JSON.stringify(row)]
            : [...fixed, line, r.collectionYear, ...COLUMNS[kind].map((c) => row[c])];
        if (copy) text += `${values.map(copyValue).join('\t')}\n`;
        else rows.push(values);
        batch += 1;
        if (batch === BATCH) await flush();
      }
      await flush();
      progress(f.source.name, n);
    }
  }
  await em.query(`CREATE INDEX ON stage_child (ret, child_id)`);
  await em.query(`CREATE INDEX ON stage_episode (ret, child_id, decom)`);
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
           'child ' || e.child_id || ' has an episode but no header row'
      FROM stage_episode e
     WHERE NOT EXISTS (SELECT 1 FROM stage_child h WHERE h.ret = e.ret AND h.child_id = e.child_id)
    UNION ALL
    SELECT DISTINCT ON (e.file, e.line) e.file, e.line, 'DECOM', to_char(e.decom, 'YYYY-MM-DD'),
           'episodes.decom.before-dob',
           'the episode starts (' || to_char(e.decom, 'YYYY-MM-DD') || ') before the child''s date of birth ('
             || to_char(h.dob, 'YYYY-MM-DD') || ')'
      FROM stage_episode e JOIN stage_child h ON h.ret = e.ret AND h.child_id = e.child_id
     WHERE e.decom < h.dob
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

/**
 * Merges the staged rows into the council's tables. A row from a later return supersedes the one held; a row from
 * an older return imported afterwards does not overwrite a newer one. A return replaces what was held for its year
 * in each of the other tables it contains. Counting end dates are reset here and set again by re-stitching.
 */
export async function mergeStaging(
  em: EntityManager,
  report: ValidationReport,
  batchId: string,
): Promise<{ children: number; episodes: number; records: number }> {
  // The batch row is written last (it records the snapshot); its foreign keys are checked at commit.
  await em.query(
    `INSERT INTO child (child_id, sex, dob, ethnic, upn, mother, mc_dob, source_year, batch_id)
     SELECT DISTINCT ON (child_id) child_id, sex, dob, ethnic, upn, mother, mc_dob, source_year, $1
       FROM stage_child ORDER BY child_id, source_year DESC
     ON CONFLICT (child_id) DO UPDATE
       SET sex = EXCLUDED.sex, dob = EXCLUDED.dob, ethnic = EXCLUDED.ethnic, upn = EXCLUDED.upn,
           mother = EXCLUDED.mother, mc_dob = EXCLUDED.mc_dob, source_year = EXCLUDED.source_year,
           batch_id = EXCLUDED.batch_id
     WHERE child.source_year IS NULL OR child.source_year <= EXCLUDED.source_year`,
    [batchId],
  );
  await em.query(
    `INSERT INTO episode (child_id, decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change,
                          home_post, pl_post, urn, pl_location, pl_la, source_year, dec_effective, repair, batch_id)
     SELECT DISTINCT ON (child_id, decom) child_id, decom, rne, ls, cin, place, place_provider, dec, rec,
            reason_place_change, home_post, pl_post, urn, pl_location, pl_la, source_year, dec, NULL, $1
       FROM stage_episode ORDER BY child_id, decom, source_year DESC
     ON CONFLICT (child_id, decom) DO UPDATE
       SET rne = EXCLUDED.rne, ls = EXCLUDED.ls, cin = EXCLUDED.cin, place = EXCLUDED.place,
           place_provider = EXCLUDED.place_provider, dec = EXCLUDED.dec, rec = EXCLUDED.rec,
           reason_place_change = EXCLUDED.reason_place_change, home_post = EXCLUDED.home_post,
           pl_post = EXCLUDED.pl_post, urn = EXCLUDED.urn, pl_location = EXCLUDED.pl_location, pl_la = EXCLUDED.pl_la,
           source_year = EXCLUDED.source_year,
           dec_effective = EXCLUDED.dec_effective, repair = EXCLUDED.repair, batch_id = EXCLUDED.batch_id
     WHERE episode.source_year IS NULL OR episode.source_year <= EXCLUDED.source_year`,
    [batchId],
  );
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
     SELECT table_name, collection_year, child_id, data, $1 FROM stage_record ORDER BY ret, file, line`,
    [batchId],
  );
  const [counts] = (await em.query(`
    SELECT (SELECT count(DISTINCT child_id) FROM stage_child)::int AS children,
           (SELECT count(*) FROM (SELECT DISTINCT child_id, decom FROM stage_episode) e)::int AS episodes,
           (SELECT count(*) FROM stage_record)::int AS records`)) as [
    { children: number; episodes: number; records: number },
  ];
  return counts;
}
