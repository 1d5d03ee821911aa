import { ADULT_AGE, ageInYears } from './dates.js';
import { SHORT_BREAK_LEGAL_STATUS, UNREGULATED_FOR_UNDER_16 } from './codes.js';
import type { EpisodeRow, HeaderRow } from './rows.js';
import { needSnapshot, type NeedSnapshot } from './snapshot.js';

/** RNE codes that start a new placement (S: started to be looked after; P, B, T, U: a change of placement). */
const NEW_PLACEMENT = new Set(['S', 'P', 'B', 'T', 'U']);

export interface MonthFlow {
  month: string; // YYYY-MM
  entries: number;
  exits: number;
}

export interface CouncilIndicators {
  asAt: string;
  /** Children looked after at asAt by placement category and age band (this council's own, unsuppressed). */
  lookedAfter: NeedSnapshot;
  /** The twelve months ending with asAt's month: children starting to be looked after, and ceasing. */
  flows: MonthFlow[];
  /** Children looked after at asAt who had three or more placements in the year to asAt (DfE stability measure A). */
  threeOrMorePlacements: { count: number; of: number };
  /**
   * Children under 16 at asAt, looked after for at least 2.5 years, in the same placement for at least 2 years
   * (DfE long-term stability measure B).
   */
  samePlacementTwoYears: { count: number; of: number };
  /** Under-16s placed in semi-independent or independent settings (not regulated for them): flagged by child. */
  under16Unregulated: { count: number; children: string[] };
  /**
   * Children looked after at asAt placed outside the council's area: `count` OUT of `of` whose location is known;
   * `unknown` have neither PL_LOCATION nor PL_LA (or NA). Null when no current episode carries either, with the
   * reason in `outOfAreaUnavailable`.
   */
  outOfArea: { count: number; of: number; unknown: number } | null;
  outOfAreaUnavailable: string | null;
}

export const OUT_OF_AREA_UNAVAILABLE =
  'the episodes carry no PL_LOCATION or PL_LA: the statutory return holds only the placement postcode (PL_POST), ' +
  'and placing it in a local authority needs the ONS postcode directory (as the DfE validator does), which this ' +
  'platform does not hold. Import episodes with PL_LOCATION (IN/OUT) or PL_LA, as the validator writes them.';

/** IN or OUT of the council's area from PL_LOCATION, else from PL_LA against the council's own code; else null. */
export function placementLocation(e: EpisodeRow, councilCode?: string): 'IN' | 'OUT' | null {
  if (e.plLocation === 'IN' || e.plLocation === 'OUT') return e.plLocation;
  if (e.plLa && e.plLa !== 'NA' && councilCode) return e.plLa === councilCode ? 'IN' : 'OUT';
  return null;
}

const end = (e: EpisodeRow) => (e.effectiveDec !== undefined ? e.effectiveDec : e.dec);
const openAt = (e: EpisodeRow, date: string) => e.decom <= date && (end(e) === null || end(e)! > date);

function shiftYears(date: string, years: number, months = 0): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y + years, m - 1 + months, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

/**
 * The indicators a council reports against its sufficiency strategy, from its own child-level records (DfE
 * definitions, simplified where noted in the README). Child-level: computed and shown only inside the council.
 */
export function councilIndicators(
  children: HeaderRow[],
  episodes: EpisodeRow[],
  asAt: string,
  councilCode?: string,
): CouncilIndicators {
  const dob = new Map(children.map((c) => [c.child, c.dob]));
  const byChild = new Map<string, EpisodeRow[]>();
  for (const e of episodes) byChild.set(e.child, [...(byChild.get(e.child) ?? []), e]);
  for (const list of byChild.values()) list.sort((a, b) => a.decom.localeCompare(b.decom));

  // Looked after at asAt (excluding short-break-only care and anyone 18 or over), with the current episode.
  const current = new Map<string, EpisodeRow>();
  for (const [child, list] of byChild) {
    const open = list.filter((e) => openAt(e, asAt));
    const latest = open.at(-1);
    const born = dob.get(child);
    if (born && ageInYears(born, asAt) >= ADULT_AGE) continue;
    if (latest && !SHORT_BREAK_LEGAL_STATUS.includes(latest.ls)) current.set(child, latest);
  }

  // Flows over the twelve months ending with asAt's month.
  const lastMonth = asAt.slice(0, 7);
  const months = Array.from({ length: 12 }, (_, i) => shiftYears(`${lastMonth}-01`, 0, i - 11).slice(0, 7));
  const flows = new Map(months.map((m) => [m, { month: m, entries: 0, exits: 0 }]));
  for (const e of episodes) {
    if (SHORT_BREAK_LEGAL_STATUS.includes(e.ls)) continue;
    if (e.rne === 'S' && e.decom <= asAt) {
      const f = flows.get(e.decom.slice(0, 7));
      if (f) f.entries += 1;
    }
    // An exit is an episode ending with a reason other than X1 (X1: a new episode starts the same day).
    if (e.dec !== null && e.dec <= asAt && e.rec !== null && e.rec !== 'X1') {
      const f = flows.get(e.dec.slice(0, 7));
      if (f) f.exits += 1;
    }
  }

  // Stability A: placements in the year to asAt, for children looked after at asAt.
  const yearStart = shiftYears(asAt, -1);
  let threePlus = 0;
  for (const child of current.keys()) {
    const inYear = byChild.get(child)!.filter((e) => e.decom <= asAt && (end(e) === null || end(e)! > yearStart));
    const placements = inYear.filter((e, i) => i === 0 || NEW_PLACEMENT.has(e.rne)).length;
    if (placements >= 3) threePlus += 1;
  }

  // Stability B: under 16, looked after for 2.5 years or more, same placement for 2 years or more.
  let longTermOf = 0;
  let longTermSame = 0;
  for (const [child, episode] of current) {
    const born = dob.get(child);
    if (!born || ageInYears(born, asAt) >= 16) continue;
    const list = byChild.get(child)!;
    // Walk back through continuous care to when this period of care and this placement began.
    let i = list.indexOf(episode);
    let placementStart = episode.decom;
    let placementOpen = true;
    let careStart = episode.decom;
    while (i > 0) {
      const prev = list[i - 1]!;
      const cur = list[i]!;
      if (end(prev) !== cur.decom) break;
      careStart = prev.decom;
      if (placementOpen && !NEW_PLACEMENT.has(cur.rne)) placementStart = prev.decom;
      else placementOpen = false;
      i -= 1;
    }
    if (careStart > shiftYears(asAt, -2, -6)) continue;
    longTermOf += 1;
    if (placementStart <= shiftYears(asAt, -2)) longTermSame += 1;
  }

  const under16 = [...current]
    .filter(([child, e]) => UNREGULATED_FOR_UNDER_16.includes(e.place) && ageInYears(dob.get(child)!, asAt) < 16)
    .map(([child]) => child)
    .sort();

  // Out of area: the current placement's location, for children looked after at asAt.
  let outside = 0;
  let known = 0;
  for (const e of current.values()) {
    const where = placementLocation(e, councilCode);
    if (where !== null) known += 1;
    if (where === 'OUT') outside += 1;
  }
  const carried = [...current.values()].some((e) => (e.plLocation ?? null) !== null || (e.plLa ?? null) !== null);

  return {
    asAt,
    outOfArea: carried ? { count: outside, of: known, unknown: current.size - known } : null,
    outOfAreaUnavailable: carried ? null : OUT_OF_AREA_UNAVAILABLE,
    lookedAfter: needSnapshot(children, episodes, asAt),
    flows: [...flows.values()],
    threeOrMorePlacements: { count: threePlus, of: current.size },
    samePlacementTwoYears: { count: longTermSame, of: longTermOf },
    under16Unregulated: { count: under16.length, children: under16 },
  };
}

/**
 * `councilIndicators` one child at a time, for a council's history read through a cursor: each child's figures are
 * those of `councilIndicators` on that child alone, added up (every indicator is a count over children or
 * episodes), so the rules stay in one place and memory stays flat. The result equals `councilIndicators` on all.
 */
export class CouncilIndicatorsBuilder {
  private sum: CouncilIndicators | null = null;
  private located = false;
  private known = 0;
  private outside = 0;
  private unknown = 0;

  constructor(
    private readonly asAt: string,
    private readonly councilCode?: string,
  ) {}

  addChild(header: HeaderRow, episodes: EpisodeRow[]): void {
    const r = councilIndicators([header], episodes, this.asAt, this.councilCode);
    const lookedAfter = r.threeOrMorePlacements.of;
    if (r.outOfArea) {
      this.located = true;
      this.known += r.outOfArea.of;
      this.outside += r.outOfArea.count;
      this.unknown += r.outOfArea.unknown;
    } else this.unknown += lookedAfter;
    if (this.sum === null) {
      this.sum = r;
      return;
    }
    const s = this.sum;
    s.lookedAfter.total += r.lookedAfter.total;
    r.lookedAfter.cells.forEach((c, i) => (s.lookedAfter.cells[i]!.count += c.count));
    r.flows.forEach((f, i) => {
      s.flows[i]!.entries += f.entries;
      s.flows[i]!.exits += f.exits;
    });
    s.threeOrMorePlacements.count += r.threeOrMorePlacements.count;
    s.threeOrMorePlacements.of += lookedAfter;
    s.samePlacementTwoYears.count += r.samePlacementTwoYears.count;
    s.samePlacementTwoYears.of += r.samePlacementTwoYears.of;
    s.under16Unregulated.children.push(...r.under16Unregulated.children);
  }

  result(): CouncilIndicators {
    const s = this.sum ?? councilIndicators([], [], this.asAt, this.councilCode);
    const children = [...s.under16Unregulated.children].sort();
    return {
      ...s,
      under16Unregulated: { count: children.length, children },
      outOfArea: this.located ? { count: this.outside, of: this.known, unknown: this.unknown } : null,
      outOfAreaUnavailable: this.located ? null : OUT_OF_AREA_UNAVAILABLE,
    };
  }
}
