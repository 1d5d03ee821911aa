import { AGE_BANDS, PLACEMENT_CATEGORIES } from '@rcc/contracts';
import { placementCategory, SHORT_BREAK_LEGAL_STATUS } from './codes.js';
import { ADULT_AGE, ageBand, ageInYears } from './dates.js';
import type { EpisodeRow, HeaderRow } from './rows.js';
import type { NeedSnapshot } from './snapshot.js';

/** `out` (not looked after) or `<placement category>/<age band>`: a state of the stock-and-flow model. */
export type NeedState = string;
export const OUT: NeedState = 'out';

export interface MonthTransitions {
  month: string; // YYYY-MM
  /** Children counted by (state at the previous month-end, state at this month-end); out->out and zeros left out. */
  cells: { from: NeedState; to: NeedState; count: number }[];
}

export interface NeedSeries {
  /** One snapshot per month-end, oldest first. */
  snapshots: NeedSnapshot[];
  /** One entry per month after the first month-end: moves between month-end states. */
  transitions: MonthTransitions[];
  /** Per month after the first month-end: children starting to be looked after (RNE S) and ceasing (REC not X1). */
  flows: { month: string; entries: number; exits: number }[];
}

/** The last day of every month from `from`'s month to `to`'s month (ISO dates), oldest first. */
export function monthEnds(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10));
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}

const end = (e: EpisodeRow) => (e.effectiveDec !== undefined ? e.effectiveDec : e.dec);

/** The latest-starting episode open at the end of `date`, or null. */
export function latestOpen(episodes: EpisodeRow[], date: string): EpisodeRow | null {
  let current: EpisodeRow | null = null;
  for (const e of episodes) {
    const stop = end(e);
    if (e.decom <= date && (stop === null || stop > date) && (!current || e.decom > current.decom)) current = e;
  }
  return current;
}

/**
 * One child's state at the end of `date`, counted as the need snapshot counts (snapshot.ts): its latest-starting
 * episode open then, `out` if none or if that episode is a short break (V3, V4); age band at `date`.
 */
export function stateAt(dob: string, episodes: EpisodeRow[], date: string): NeedState {
  const current = latestOpen(episodes, date);
  if (!current || SHORT_BREAK_LEGAL_STATUS.includes(current.ls) || ageInYears(dob, date) >= ADULT_AGE) return OUT;
  return `${placementCategory(current.place)}/${ageBand(dob, date)}`;
}

/**
 * Builds the monthly need series one child at a time, so a council's whole history never has to be held at once:
 * only the counters (months x cells, months x observed transitions) grow, and they do not grow with the number of
 * children. Feed each child once with all of its (stitched) episodes.
 */
export class NeedSeriesBuilder {
  private readonly stock: Map<string, number>[];
  private readonly moves: Map<string, number>[];
  private readonly flowCounts: { entries: number; exits: number }[];
  private readonly monthIndex: Map<string, number>;
  /** Each month-end as [year, month, day]. */
  private readonly parts: [number, number, number][];

  constructor(readonly dates: string[]) {
    this.stock = dates.map(() => new Map());
    this.moves = dates.map(() => new Map());
    this.flowCounts = dates.map(() => ({ entries: 0, exits: 0 }));
    this.monthIndex = new Map(dates.map((d, i) => [d.slice(0, 7), i]));
    this.parts = dates.map((d) => d.split('-').map(Number) as [number, number, number]);
  }

  addChild(dob: string, episodes: EpisodeRow[]): void {
    // Outside the span from its first start to its last end the child is `out` at every month-end (as stateAt
    // finds), and the ages are worked out from numbers parsed once: called for every child of a council's history.
    let first: string | null = null;
    let last = '';
    let open = false;
    for (const e of episodes) {
      if (first === null || e.decom < first) first = e.decom;
      const stop = end(e);
      if (stop === null || stop === undefined) open = true;
      else if (stop > last) last = stop;
    }
    const [by, bm, bd] = dob.split('-').map(Number) as [number, number, number];
    let previous: NeedState | null = null;
    for (let i = 0; i < this.dates.length; i++) {
      const date = this.dates[i]!;
      let state = OUT;
      if (first !== null && date >= dob && date >= first && (open || date < last)) {
        const current = latestOpen(episodes, date);
        if (current && !SHORT_BREAK_LEGAL_STATUS.includes(current.ls)) {
          const [ay, am, ad] = this.parts[i]!;
          const age = ay - by - (am < bm || (am === bm && ad < bd) ? 1 : 0);
          const band = age < 1 ? 'under-1' : age < 5 ? '1-4' : age < 10 ? '5-9' : age < 16 ? '10-15' : '16-plus';
          if (age < ADULT_AGE) state = `${placementCategory(current.place)}/${band}`;
        }
      }
      if (state !== OUT) this.stock[i]!.set(state, (this.stock[i]!.get(state) ?? 0) + 1);
      if (previous !== null && !(previous === OUT && state === OUT)) {
        const key = `${previous}->${state}`;
        this.moves[i]!.set(key, (this.moves[i]!.get(key) ?? 0) + 1);
      }
      previous = state;
    }
    // Flows as in the council indicators: starts (RNE S) and ends other than X1, short breaks excluded.
    for (const e of episodes) {
      if (SHORT_BREAK_LEGAL_STATUS.includes(e.ls)) continue;
      if (e.rne === 'S') this.countFlow(e.decom, 'entries');
      if (e.dec !== null && e.rec !== null && e.rec !== 'X1') this.countFlow(e.dec, 'exits');
    }
  }

  private countFlow(date: string, kind: 'entries' | 'exits'): void {
    const i = this.monthIndex.get(date.slice(0, 7));
    // The first month-end is the starting stock: its month's flows are not covered by the returns.
    if (i !== undefined && i > 0 && date <= this.dates[i]!) this.flowCounts[i]![kind] += 1;
  }

  result(): NeedSeries {
    const snapshots = this.dates.map((asAt, i) => {
      const cells = PLACEMENT_CATEGORIES.flatMap((category) =>
        AGE_BANDS.map((band) => ({ category, ageBand: band, count: this.stock[i]!.get(`${category}/${band}`) ?? 0 })),
      );
      return { asAt, total: cells.reduce((sum, c) => sum + c.count, 0), cells };
    });
    const transitions = this.dates.slice(1).map((date, j) => ({
      month: date.slice(0, 7),
      cells: [...this.moves[j + 1]!]
        .map(([key, count]) => {
          const [from, to] = key.split('->') as [string, string];
          return { from, to, count };
        })
        .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    }));
    const flows = this.dates.slice(1).map((date, j) => ({ month: date.slice(0, 7), ...this.flowCounts[j + 1]! }));
    return { snapshots, transitions, flows };
  }
}

/** The monthly need series of a council's whole (stitched) history, at the given month-ends. */
export function needSeries(children: HeaderRow[], episodes: EpisodeRow[], dates: string[]): NeedSeries {
  const byChild = new Map<string, EpisodeRow[]>();
  for (const e of episodes) byChild.set(e.child, [...(byChild.get(e.child) ?? []), e]);
  const dob = new Map(children.map((c) => [c.child, c.dob]));
  const builder = new NeedSeriesBuilder(dates);
  for (const [child, list] of byChild) {
    const born = dob.get(child);
    if (!born) throw new Error(`child ${child} has an episode but no header row`);
    builder.addChild(born, list);
  }
  return builder.result();
}
