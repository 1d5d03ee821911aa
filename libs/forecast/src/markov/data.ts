// The stock-and-flow's data (issue 6): states, months of transitions, their checks and the sums read from them.
import { ForecastError } from '../errors.js';
import { monthIndex } from '../month.js';

/** The state outside care: entries come from it, exits go to it. */
export const OUT = 'out';

export interface TransitionCell {
  from: string;
  to: string;
  count: number;
}

/** One month's moves between states, stays (from === to) included, as in `council.need-transitions` v1. */
export interface TransitionMonth {
  month: string;
  cells: TransitionCell[];
}

/** A council's consecutive months of transitions over a state list whose first state is OUT. */
export interface StockFlowData {
  states: readonly string[];
  months: TransitionMonth[];
}

/** Dirichlet parameters over destination states (indexes into states). */
export interface Row {
  to: number[];
  alpha: number[];
}

/** Posterior of the stock-and-flow's rates: Gamma for monthly entries, Dirichlet for entry mix and every row. */
export interface StockFlowPosterior {
  states: readonly string[];
  /** Entries per month ~ Gamma(shape, rate) (Poisson likelihood, Jeffreys prior). */
  entryShape: number;
  entryRate: number;
  /** Calendar-month factors (mean 1) on the entry rate; pooled across councils when the region is given. */
  entrySeason: number[];
  entryMix: Row;
  /** Transition rows for each in-care state (index 1..). */
  rows: Row[];
  /** The prior strength chosen per row by empirical Bayes (pooled fits only), for the record. */
  poolingStrength?: number[];
}

export function checkData(data: StockFlowData): void {
  if (data.states[0] !== OUT) throw new ForecastError('transitions', `the first state must be "${OUT}"`);
  const known = new Set(data.states);
  data.months.forEach((m, i) => {
    if (i > 0 && monthIndex(m.month) !== monthIndex(data.months[i - 1]!.month) + 1)
      throw new ForecastError(
        'transitions',
        `months must be consecutive: ${data.months[i - 1]!.month} then ${m.month}`,
      );
    for (const c of m.cells) {
      if (!known.has(c.from) || !known.has(c.to))
        throw new ForecastError('transitions', `${m.month}: unknown state in ${c.from}->${c.to}`);
      if (!Number.isInteger(c.count) || c.count < 0)
        throw new ForecastError('transitions', `${m.month}: count ${c.count} is not a whole number`);
    }
  });
}

export const flat = (m: number[][]): Float64Array => Float64Array.from(m.flat());

/** Counts summed over months: matrix[from][to]. */
export function summed(states: readonly string[], months: readonly TransitionMonth[]): number[][] {
  const index = new Map(states.map((s, i) => [s, i]));
  const m = states.map(() => new Array<number>(states.length).fill(0));
  for (const month of months) for (const c of month.cells) m[index.get(c.from)!]![index.get(c.to)!]! += c.count;
  return m;
}

/** Children looked after at the end of each month (everyone whose destination is not OUT). */
export function stockSeries(data: StockFlowData): number[] {
  return data.months.map((m) => m.cells.reduce((s, c) => s + (c.to === OUT ? 0 : c.count), 0));
}

/** The stock by state at the end of a month. */
export function stockAtEnd(states: readonly string[], month: TransitionMonth): number[] {
  const index = new Map(states.map((s, i) => [s, i]));
  const v = new Array<number>(states.length).fill(0);
  for (const c of month.cells) if (c.to !== OUT) v[index.get(c.to)!]! += c.count;
  return v;
}

function entriesByCalendarMonth(months: readonly TransitionMonth[]): { sum: number[]; n: number[] } {
  const sum = new Array<number>(12).fill(0);
  const n = new Array<number>(12).fill(0);
  for (const m of months) {
    const k = monthIndex(m.month) % 12;
    n[k]!++;
    for (const c of m.cells) if (c.from === OUT) sum[k]! += c.count;
  }
  return { sum, n };
}

/** Seasonal factors of entries, each shrunk toward 1 by SEASON_PSEUDO_MONTHS of the average month. */
export const SEASON_PSEUDO_MONTHS = 2;
export function seasonFactors(months: readonly TransitionMonth[]): number[] {
  return seasonFromSums(entriesByCalendarMonth(months));
}
export function seasonFromSums({ sum, n }: { sum: readonly number[]; n: readonly number[] }): number[] {
  const totalN = n.reduce((a, b) => a + b, 0);
  const average = totalN === 0 ? 0 : sum.reduce((a, b) => a + b, 0) / totalN;
  if (average === 0) return new Array<number>(12).fill(1);
  const raw = sum.map((s, k) => (s + SEASON_PSEUDO_MONTHS * average) / ((n[k]! + SEASON_PSEUDO_MONTHS) * average));
  const norm = raw.reduce((a, b) => a + b, 0) / 12;
  return raw.map((f) => f / norm);
}
