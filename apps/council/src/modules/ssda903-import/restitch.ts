import type { EntityManager } from 'typeorm';
import {
  NeedSeriesBuilder,
  stitchedEpisodesSql,
  type EpisodeRow,
  type NeedSeries,
  type NeedSnapshot,
} from '@rcc/ssda903';
import { forEachChildRows } from '../../platform/child-cursor.js';

interface Stored {
  child_id: string;
  decom: string;
  rne: string;
  ls: string;
  place: string;
  dec: string | null;
  rec: string | null;
  source_year: number | null;
  dec_effective: string | null;
  repair: string | null;
  dob: string;
}

/**
 * Re-stitches the council's whole episode history (a new return can close or supersede episodes from earlier
 * imports) in one set-based UPDATE: the library's one stitching rule (`stitchedEpisodesSql`) over each child's
 * episodes in start order, touching only the rows whose counting end date or repair changes. Then counts
 * the monthly need series one child at a time: the episodes are read through a cursor in child order, so what is in
 * memory is one fetch, one child's episodes and the counters, whatever the size of the history.
 */
export async function restitchAndCount(
  em: EntityManager,
  dates: string[],
  asAt: string,
  /** False when the merge inserted every row already stitched (the first import): nothing to change. */
  restitch = true,
): Promise<{ series: NeedSeries; atAsAt: NeedSnapshot; repairs: number }> {
  if (restitch) {
    // The latest year held, read once from the table (no window over every episode; ADR 0047).
    const [{ latest }] = (await em.query(`SELECT max(source_year)::int AS latest FROM episode`)) as [
      { latest: number | null },
    ];
    await em.query(
      `WITH r AS (${stitchedEpisodesSql('episode', latest ?? undefined)})
     UPDATE episode e SET dec_effective = r.effective, repair = r.rule
       FROM r
      WHERE e.child_id = r.child_id AND e.decom = r.decom
        AND (r.dec_effective IS DISTINCT FROM r.effective OR r.repair IS DISTINCT FROM r.rule)`,
    );
  }
  const [{ repairs }] = (await em.query(`SELECT count(*)::int AS repairs FROM episode WHERE repair IS NOT NULL`)) as [
    { repairs: number },
  ];

  const builder = new NeedSeriesBuilder(dates);
  // The snapshot at asAt is the series' own when asAt is a month-end of it (the usual case): counted once.
  const within = dates.indexOf(asAt);
  const single = within < 0 ? new NeedSeriesBuilder([asAt]) : null;
  const child = (list: Stored[]) => {
    const rows: EpisodeRow[] = list.map((s) => ({
      child: s.child_id, decom: s.decom, rne: s.rne, ls: s.ls, cin: '', place: s.place, placeProvider: null,
      dec: s.dec, rec: s.rec, reasonPlaceChange: null, homePost: null, plPost: null, urn: null,
      sourceYear: s.source_year ?? undefined, effectiveDec: s.dec_effective, repair: s.repair,
    })); // prettier-ignore
    builder.addChild(list[0]!.dob, rows);
    single?.addChild(list[0]!.dob, rows);
  };

  await forEachChildRows<Stored>(
    em,
    `SELECT e.child_id, to_char(e.decom, 'YYYY-MM-DD') AS decom, e.rne, e.ls, e.place,
            to_char(e.dec, 'YYYY-MM-DD') AS dec, e.rec, e.source_year,
            to_char(e.dec_effective, 'YYYY-MM-DD') AS dec_effective, e.repair, to_char(c.dob, 'YYYY-MM-DD') AS dob
       FROM episode e JOIN child c ON c.child_id = e.child_id
      ORDER BY e.child_id, e.decom`,
    child,
  );
  const series = builder.result();
  return { series, atAsAt: single ? single.result().snapshots[0]! : series.snapshots[within]!, repairs };
}
