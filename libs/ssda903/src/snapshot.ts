import { AGE_BANDS, PLACEMENT_CATEGORIES, type AgeBand, type PlacementCategory } from '@rcc/contracts';
import { placementCategory, SHORT_BREAK_LEGAL_STATUS } from './codes.js';
import { ADULT_AGE, ageBand, ageInYears, collectionYearOf } from './dates.js';
import type { EpisodeRow, HeaderRow } from './rows.js';

export interface NeedSnapshot {
  asAt: string;
  total: number;
  cells: { category: PlacementCategory; ageBand: AgeBand; count: number }[];
}

/**
 * Children looked after at the end of `asAt`, by placement category and age band: every category x band cell in
 * vocabulary order (zeros included), the total their sum. DfE counting: a child counts once (its latest-starting
 * open episode), an episode is open if it started on or before asAt and had not ended by then, and children looked
 * after only under short-break legal statuses (V3, V4), or aged 18 or over at asAt, are not counted.
 */
export function needSnapshot(children: HeaderRow[], episodes: EpisodeRow[], asAt: string): NeedSnapshot {
  const dob = new Map(children.map((c) => [c.child, c.dob]));
  const current = new Map<string, EpisodeRow>();
  for (const e of episodes) {
    const end = e.effectiveDec !== undefined ? e.effectiveDec : e.dec;
    const open = e.decom <= asAt && (end === null || end > asAt);
    if (!open) continue;
    const seen = current.get(e.child);
    if (!seen || e.decom > seen.decom) current.set(e.child, e);
  }
  const counts = new Map<string, number>();
  for (const [child, e] of current) {
    if (SHORT_BREAK_LEGAL_STATUS.includes(e.ls)) continue;
    const born = dob.get(child);
    if (!born) throw new Error(`child ${child} has an episode but no header row`);
    if (ageInYears(born, asAt) >= ADULT_AGE) continue;
    const key = `${placementCategory(e.place)}/${ageBand(born, asAt)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const cells = PLACEMENT_CATEGORIES.flatMap((category) =>
    AGE_BANDS.map((band) => ({ category, ageBand: band, count: counts.get(`${category}/${band}`) ?? 0 })),
  );
  return { asAt, total: cells.reduce((sum, c) => sum + c.count, 0), cells };
}

/** The 31 March closing the collection year of the latest episode start: the return's statutory "as at" date. */
export function defaultAsAt(episodes: EpisodeRow[]): string {
  if (episodes.length === 0) throw new RangeError('no episodes: there is no date to count children looked after at');
  const latest = episodes.map((e) => e.decom).reduce((a, b) => (b > a ? b : a));
  return `${collectionYearOf(latest)}-03-31`;
}

/**
 * Counting is refused past the data: after the 31 March closing the latest return held, episodes still open would
 * be carried forward as if nothing had changed. Returns null when `asAt` is within the data, else the reason.
 */
export function pastTheData(asAt: string, latestCollectionYear: number): string | null {
  const end = `${latestCollectionYear}-03-31`;
  if (asAt <= end) return null;
  return (
    `${asAt} is after the latest return held (${latestCollectionYear - 1}-${String(latestCollectionYear).slice(2)}, ` +
    `which ends on ${end}): children would be counted from episodes left open then. Count at ${end} or earlier, ` +
    `or import the later return first.`
  );
}
