import { ForecastError } from '../errors.js';
import type { FittedModel, Model } from '../models/model.js';
import { addMonths, monthIndex } from '../month.js';
import type { Rng } from '../random.js';
import { checkData, OUT, seasonFromSums, stockAtEnd, type StockFlowData } from './data.js';
import { fitFromCounts } from './fit.js';
import { stockFlowMoments } from './moments.js';
import { expectedStock, simulateStockFlow } from './simulate.js';

/** Running sums of a council's counts and entries by calendar month, month by month (shared between models). */
interface Prefix {
  first: number;
  /** counts[k]: matrix[from * S + to] summed over the first k months. */
  counts: Float64Array[];
  /** entries[k] and months[k]: entries and months by calendar month over the first k months. */
  entries: number[][];
  months: number[][];
}

const prefixes = new WeakMap<StockFlowData, Prefix>();

function prefixOf(data: StockFlowData): Prefix {
  const known = prefixes.get(data);
  if (known) return known;
  const S = data.states.length;
  const index = new Map(data.states.map((st, i) => [st, i]));
  const counts = [new Float64Array(S * S)];
  const entries = [new Array<number>(12).fill(0)];
  const months = [new Array<number>(12).fill(0)];
  for (const m of data.months) {
    const c = Float64Array.from(counts[counts.length - 1]!);
    const e = [...entries[entries.length - 1]!];
    const n = [...months[months.length - 1]!];
    const k = monthIndex(m.month) % 12;
    n[k]!++;
    for (const cell of m.cells) {
      c[index.get(cell.from)! * S + index.get(cell.to)!]! += cell.count;
      if (cell.from === OUT) e[k]! += cell.count;
    }
    counts.push(c);
    entries.push(e);
    months.push(n);
  }
  const out = { first: data.months.length > 0 ? monthIndex(data.months[0]!.month) : 0, counts, entries, months };
  prefixes.set(data, out);
  return out;
}

/**
 * The stock-and-flow as a model of the total, for the back-test: fitted on the months before the origin (and, when
 * pooled, the other councils' months before it too), starting from the stock at the origin.
 */
export function stockFlowModel(data: StockFlowData, region?: readonly StockFlowData[]): Model {
  checkData(data);
  const pooled = region !== undefined && region.length > 0;
  for (const r of region ?? []) {
    checkData(r);
    if (r.states.join() !== data.states.join())
      throw new ForecastError('transitions', 'pooled councils must share the state list');
  }
  return {
    name: pooled ? 'markov-pooled' : 'markov',
    label: pooled
      ? 'Markov stock-and-flow, rates pooled across the region (empirical Bayes)'
      : 'Markov stock-and-flow (age band x placement, Poisson entries)',
    minTrain: 6,
    fit(train): FittedModel {
      const t = train.length;
      const before = data.months.slice(0, t);
      const cutoff = monthIndex(before[before.length - 1]!.month);
      // The same fit as fitStockFlow on the months up to the cutoff (the others' too), summed by prefix.
      const own = prefixOf(data);
      const upTo = pooled
        ? region.map((r) => {
            const p = prefixOf(r);
            return { p, k: r.months.length === 0 ? 0 : Math.min(r.months.length, Math.max(0, cutoff - p.first + 1)) };
          })
        : [];
      const sum = new Array<number>(12).fill(0);
      const n = new Array<number>(12).fill(0);
      for (const { p, k } of [...upTo, { p: own, k: t }])
        for (let m = 0; m < 12; m++) {
          sum[m]! += p.entries[k]![m]!;
          n[m]! += p.months[k]![m]!;
        }
      const post = fitFromCounts(
        data.states,
        own.counts[t]!,
        t,
        seasonFromSums({ sum, n }),
        pooled ? upTo.map(({ p, k }) => p.counts[k]!) : undefined,
      );
      const start = stockAtEnd(data.states, before[before.length - 1]!);
      const firstMonth = addMonths(before[before.length - 1]!.month, 1);
      const totals = (h: number, n: number, r: Rng) =>
        simulateStockFlow(post, start, firstMonth, h, n, r).map((p) => p.map((v) => v.reduce((a, b) => a + b, 0)));
      return {
        point: (h) => expectedStock(post, start, firstMonth, h).map((v) => v.reduce((a, b) => a + b, 0)),
        paths: (h, n, r) => totals(h, n, r),
        moments: (h) => stockFlowMoments(post, start, firstMonth, h),
      };
    },
  };
}
