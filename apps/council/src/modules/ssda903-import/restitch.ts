import type { EntityManager } from 'typeorm';
import { NeedSeriesBuilder, stitchEpisodes, type EpisodeRow, type NeedSeries, type NeedSnapshot } from '@rcc/ssda903';

const FETCH = 5000;
const UPDATE_BATCH = 1000;

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
 * imports) and counts the monthly need series, one child at a time: the episodes are read through a cursor in child
 * order, so what is in memory is one fetch, one child's episodes and the counters, whatever the size of the history.
 */
export async function restitchAndCount(
  em: EntityManager,
  dates: string[],
  asAt: string,
): Promise<{ series: NeedSeries; atAsAt: NeedSnapshot; repairs: number }> {
  const [{ latest }] = (await em.query(`SELECT coalesce(max(source_year), 0)::int AS latest FROM episode`)) as [
    { latest: number },
  ];
  const builder = new NeedSeriesBuilder(dates);
  const single = new NeedSeriesBuilder([asAt]);
  let repairs = 0;
  let changed: { child: string; decom: string; effectiveDec: string | null; repair: string | null }[] = [];
  const flush = async () => {
    if (changed.length === 0) return;
    await em.query(
      `UPDATE episode SET dec_effective = (x->>'effectiveDec')::date, repair = x->>'repair'
         FROM jsonb_array_elements($1::jsonb) AS x
        WHERE episode.child_id = x->>'child' AND episode.decom = (x->>'decom')::date`,
      [JSON.stringify(changed)],
    );
    changed = [];
  };
  const child = async (list: Stored[]) => {
    const rows: EpisodeRow[] = list.map((s) => ({
      child: s.child_id, decom: s.decom, rne: s.rne, ls: s.ls, cin: '', place: s.place, placeProvider: null,
      dec: s.dec, rec: s.rec, reasonPlaceChange: null, homePost: null, plPost: null, urn: null,
      sourceYear: s.source_year ?? undefined,
    })); // prettier-ignore
    const stitched = stitchEpisodes(rows, latest).episodes;
    stitched.forEach((e, i) => {
      const before = list[i]!;
      if (e.repair) repairs += 1;
      if (before.dec_effective !== e.effectiveDec || before.repair !== e.repair) {
        changed.push({
          child: e.child,
          decom: e.decom,
          effectiveDec: e.effectiveDec ?? null,
          repair: e.repair ?? null,
        });
      }
    });
    builder.addChild(list[0]!.dob, stitched);
    single.addChild(list[0]!.dob, stitched);
    if (changed.length >= UPDATE_BATCH) await flush();
  };

  await em.query(`
    DECLARE stitch_cursor NO SCROLL CURSOR FOR
    SELECT e.child_id, to_char(e.decom, 'YYYY-MM-DD') AS decom, e.rne, e.ls, e.place,
           to_char(e.dec, 'YYYY-MM-DD') AS dec, e.rec, e.source_year,
           to_char(e.dec_effective, 'YYYY-MM-DD') AS dec_effective, e.repair, to_char(c.dob, 'YYYY-MM-DD') AS dob
      FROM episode e JOIN child c ON c.child_id = e.child_id
     ORDER BY e.child_id, e.decom`);
  let current: Stored[] = [];
  for (;;) {
    const rows = (await em.query(`FETCH ${FETCH} FROM stitch_cursor`)) as Stored[];
    for (const r of rows) {
      if (current.length > 0 && current[0]!.child_id !== r.child_id) {
        await child(current);
        current = [];
      }
      current.push(r);
    }
    if (rows.length < FETCH) break;
  }
  if (current.length > 0) await child(current);
  await em.query(`CLOSE stitch_cursor`);
  await flush();
  return { series: builder.result(), atAsAt: single.result().snapshots[0]!, repairs };
}
