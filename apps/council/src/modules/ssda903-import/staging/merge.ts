import type { EntityManager } from 'typeorm';
import { stitchedEpisodesSql, type ValidationReport } from '@rcc/ssda903';

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
  // The batch row is written last (it records the snapshot). No foreign key is checked per row (ADR 0047): every row
  // written here carries this import's batch id, and every staged episode's child was found, set-wise, in the
  // staged header or the stored children by `crossRowErrors` before the merge (children are never deleted).
  // The first import into empty tables has nothing to merge with: plain inserts, no conflict arbitration per row
  // (imports are serialised by the service's lock, so the tables stay empty until this one commits).
  const [{ empty }] = (await em.query(
    `SELECT NOT EXISTS (SELECT 1 FROM child) AND NOT EXISTS (SELECT 1 FROM episode) AS empty`,
  )) as [{ empty: boolean }];
  // Into empty tables every distinct staged row is inserted: the statements count them (no second sort to count).
  const counted = (insert: string) =>
    empty ? `WITH ins AS (${insert} RETURNING 1) SELECT count(*)::int AS n FROM ins` : insert;
  const inserted: number[] = [];
  const insert = async (statement: string, params: unknown[]) => {
    const rows = (await em.query(counted(statement), params)) as { n: number }[];
    inserted.push(rows[0]?.n ?? 0);
  };
  await insert(
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
    // so re-stitching afterwards finds nothing to change and no row is written twice. The latest year is that of
    // the latest return with episodes (its rows always win DISTINCT ON), so the rule needs no window over them all.
    await insert(
      `WITH d AS (
         SELECT DISTINCT ON (child_id, decom) child_id, decom, rne, ls, cin, place, place_provider, dec, rec,
                reason_place_change, home_post, pl_post, urn, pl_location, pl_la, ($2::int[])[ret + 1] AS source_year
           FROM stage_episode ORDER BY child_id, decom, ret DESC
       )
       INSERT INTO episode (child_id, decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change,
                            home_post, pl_post, urn, pl_location, pl_la, source_year, dec_effective, repair, batch_id)
       SELECT child_id, decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change, home_post, pl_post,
              urn, pl_location, pl_la, source_year, effective, rule, $1
         FROM (${stitchedEpisodesSql('d', latestEpisodeYear(report))}) t`,
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
  const [{ records }] = (await em.query(`SELECT count(*)::int AS records FROM stage_record`)) as [{ records: number }];
  if (empty) return { counts: { children: inserted[0]!, episodes: inserted[1]!, records }, stitched: true };
  const [counts] = (await em.query(`
    SELECT (SELECT count(DISTINCT child_id) FROM stage_child)::int AS children,
           (SELECT count(*) FROM (SELECT DISTINCT child_id, decom FROM stage_episode) e)::int AS episodes`)) as [
    { children: number; episodes: number },
  ];
  return { counts: { ...counts, records }, stitched: false };
}

/** The collection year of the latest return holding episode rows (undefined if none has a year). */
function latestEpisodeYear(report: ValidationReport): number | undefined {
  const years = report.returns
    .filter((r) => r.files.some((f) => f.table === 'episodes' && (report.rows.get(f.source.name) ?? 0) > 0))
    .map((r) => r.collectionYear)
    .filter((y): y is number => y !== null);
  return years.length > 0 ? Math.max(...years) : undefined;
}
