import type { EntityManager } from 'typeorm';
import { ROW_KEYS, validatedRows, type ImportError, type ValidationReport } from '@rcc/ssda903';

/** Rows per INSERT: one jsonb parameter per batch, unpacked by jsonb_to_recordset. */
const BATCH = 2000;

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
      source_year int
    ) ON COMMIT DROP`);
  await em.query(`
    CREATE TEMP TABLE stage_record (
      ret int, file text, line int, table_name text, collection_year int, child_id text, data jsonb
    ) ON COMMIT DROP`);
}

const INSERT: Record<'header' | 'episodes' | 'other', string> = {
  header: `
    INSERT INTO stage_child (ret, file, line, child_id, sex, dob, ethnic, upn, mother, mc_dob, source_year)
    SELECT $2, $3, x.line, x.child, x.sex, x.dob, x.ethnic, x.upn, x.mother, x."mcDob", $4
      FROM jsonb_to_recordset($1::jsonb)
        AS x(line int, child text, sex text, dob date, ethnic text, upn text, mother text, "mcDob" date)`,
  episodes: `
    INSERT INTO stage_episode (ret, file, line, child_id, decom, rne, ls, cin, place, place_provider, dec, rec,
                               reason_place_change, home_post, pl_post, urn, source_year)
    SELECT $2, $3, x.line, x.child, x.decom, x.rne, x.ls, x.cin, x.place, x."placeProvider", x.dec, x.rec,
           x."reasonPlaceChange", x."homePost", x."plPost", x.urn, $4
      FROM jsonb_to_recordset($1::jsonb)
        AS x(line int, child text, decom date, rne text, ls text, cin text, place text, "placeProvider" text,
             dec date, rec text, "reasonPlaceChange" text, "homePost" text, "plPost" text, urn text)`,
  other: `
    INSERT INTO stage_record (ret, file, line, table_name, collection_year, child_id, data)
    SELECT $2, $3, (x->>'line')::int, $5, $4, x->'row'->>'child', x->'row'
      FROM jsonb_array_elements($1::jsonb) AS x`,
};

/** Pass 2: reads every file again as a stream and loads its validated rows into staging, a batch at a time. */
export async function stageRows(
  em: EntityManager,
  report: ValidationReport,
  progress: (file: string, rows: number) => void,
): Promise<void> {
  for (const [ret, r] of report.returns.entries()) {
    for (const f of r.files) {
      const kind = f.table === 'header' || f.table === 'episodes' ? f.table : 'other';
      const params = (batch: unknown[]) => {
        const base = [JSON.stringify(batch), ret, f.source.name, r.collectionYear];
        return kind === 'other' ? [...base, f.table] : base;
      };
      let batch: unknown[] = [];
      let n = 0;
      for await (const { line, row } of validatedRows(f, r.collectionYear)) {
        batch.push(kind === 'other' ? { line, row } : { line, ...row });
        if (batch.length === BATCH) {
          await em.query(INSERT[kind], params(batch));
          n += batch.length;
          batch = [];
          progress(f.source.name, n);
        }
      }
      if (batch.length > 0) await em.query(INSERT[kind], params(batch));
      progress(f.source.name, n + batch.length);
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
                          home_post, pl_post, urn, source_year, dec_effective, repair, batch_id)
     SELECT DISTINCT ON (child_id, decom) child_id, decom, rne, ls, cin, place, place_provider, dec, rec,
            reason_place_change, home_post, pl_post, urn, source_year, dec, NULL, $1
       FROM stage_episode ORDER BY child_id, decom, source_year DESC
     ON CONFLICT (child_id, decom) DO UPDATE
       SET rne = EXCLUDED.rne, ls = EXCLUDED.ls, cin = EXCLUDED.cin, place = EXCLUDED.place,
           place_provider = EXCLUDED.place_provider, dec = EXCLUDED.dec, rec = EXCLUDED.rec,
           reason_place_change = EXCLUDED.reason_place_change, home_post = EXCLUDED.home_post,
           pl_post = EXCLUDED.pl_post, urn = EXCLUDED.urn, source_year = EXCLUDED.source_year,
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
