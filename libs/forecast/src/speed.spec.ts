import { describe, expect, it } from '@jest/globals';
import { backtest } from './backtest.js';
import {
  expectedStock,
  fitStockFlow,
  simulateStockFlow,
  stockAtEnd,
  stockFlowModel,
  stockFlowMoments,
  stockSeries,
} from './markov/index.js';
import { filter, initialState, sse } from './models/ets-filter.js';
import { addMonths } from './month.js';
import { Rng } from './random.js';
import { nelderMead, nelderMeadMove, nelderMeadStart, type NelderMead } from './stats.js';
import { syntheticRegion } from './synthetic.js';

const categories = ['fostering', 'residential', 'supported'];
const ageBands = ['under-1', '1-4', '5-9', '10-15', '16-plus'];

describe('fast paths (ADR 0027) agree with the slow paths', () => {
  const region = syntheticRegion({ councils: 5, months: 36, seed: 11, categories, ageBands });

  it.each([
    ['alone', false],
    ['pooled', true],
  ])('stock-and-flow: closed-form mean and sd of the total match 3,000 simulated paths (%s)', (_name, pooled) => {
    const data = { states: region[0]!.data.states, months: region[0]!.data.months.slice(0, 20) };
    const post = fitStockFlow(data, pooled ? region.slice(1).map((c) => c.data) : undefined);
    const last = data.months[data.months.length - 1]!;
    const start = stockAtEnd(data.states, last);
    const firstMonth = addMonths(last.month, 1);
    const H = 12;
    const { mean, sd } = stockFlowMoments(post, start, firstMonth, H);
    const point = expectedStock(post, start, firstMonth, H).map((v) => v.reduce((a, b) => a + b, 0));
    const n = 3000;
    const totals = simulateStockFlow(post, start, firstMonth, H, n, new Rng(5)).map((p) =>
      p.map((v) => v.reduce((a, b) => a + b, 0)),
    );
    for (let h = 0; h < H; h++) {
      expect(mean[h]).toBeCloseTo(point[h]!, 8);
      const m = totals.reduce((a, p) => a + p[h]!, 0) / n;
      const s = Math.sqrt(totals.reduce((a, p) => a + (p[h]! - m) ** 2, 0) / (n - 1));
      // Sampling error of a mean over 3,000 paths is sd/55; of an sd about 1.3%; the delta method is first order.
      expect(Math.abs(mean[h]! - m)).toBeLessThan(0.1 * s + 0.05);
      expect(sd[h]! / s).toBeGreaterThan(0.92);
      expect(sd[h]! / s).toBeLessThan(1.08);
    }
  });

  it('stock-and-flow back-test: same points and MASE, coverage within a few points of the simulated bands', () => {
    const data = region[1]!.data;
    const y = stockSeries(data);
    const model = stockFlowModel(data);
    const opts = { horizon: 12, start: 0, seed: 3, sims: 300, nonNegative: true };
    const fast = backtest(y, model, opts);
    const slow = backtest(y, model, { ...opts, simulate: true });
    expect(fast.mase).toBe(slow.mase);
    expect(fast.maseByHorizon).toEqual(slow.maseByHorizon);
    expect(fast.forecasts).toBe(slow.forecasts);
    expect(Math.abs(fast.coverage80 - slow.coverage80)).toBeLessThan(0.06);
    expect(Math.abs(fast.coverage95 - slow.coverage95)).toBeLessThan(0.04);
  });

  it('stock-and-flow model: the prefix-summed fit at an origin is the fit of the months before it, exactly', () => {
    const data = region[2]!.data;
    const others = region.filter((c) => c !== region[2]).map((c) => c.data);
    // Another council starting later and ending earlier than the origin's month, as in a real region.
    const ragged = [...others, { states: data.states, months: others[0]!.months.slice(5, 20) }];
    const y = stockSeries(data);
    for (const t of [6, 13, 20, 35]) {
      const before = data.months.slice(0, t);
      const cutoff = before[t - 1]!.month;
      for (const pool of [undefined, ragged]) {
        const post = fitStockFlow(
          { states: data.states, months: before },
          pool?.map((r) => ({ states: r.states, months: r.months.filter((m) => m.month <= cutoff) })),
        );
        const start = stockAtEnd(data.states, before[t - 1]!);
        const firstMonth = addMonths(cutoff, 1);
        const expected = expectedStock(post, start, firstMonth, 6).map((v) => v.reduce((a, b) => a + b, 0));
        const fitted = stockFlowModel(data, pool).fit(y.slice(0, t), 0, new Rng(1));
        expect(fitted.point(6)).toEqual(expected);
        expect(fitted.moments!(6)).toEqual(stockFlowMoments(post, start, firstMonth, 6));
      }
    }
  });

  it("damped smoothing: the allocation-free squared-error sum equals the filter errors' sum, exactly", () => {
    const rng = new Rng(9);
    for (const n of [10, 23, 24, 40]) {
      const y = Array.from({ length: n }, (_, i) => 50 + i + 10 * Math.sin(i / 2) + 5 * rng.normal());
      for (const seasonal of n >= 24 ? [false, true] : [false]) {
        const init = initialState(y, seasonal);
        const p = { alpha: 0.4, beta: 0.05, gamma: seasonal ? 0.2 : 0, phi: 0.9 };
        const { errors } = filter(y, p, seasonal);
        const want = errors.reduce((s, e) => s + e * e, 0);
        expect(sse(y, p, seasonal, init, new Float64Array(12))).toBe(want);
      }
    }
  });

  it('Nelder-Mead without allocations returns the same point and value as the plain version, exactly', () => {
    const rosenbrock = (x: number[]) => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2;
    const bowl = (x: number[]) => x.reduce((s, v, i) => s + (i + 1) * (v - i) ** 2, 0);
    const rng = new Rng(4);
    const y = Array.from(
      { length: 36 },
      (_, i) => 40 + i / 2 + 8 * Math.sin((2 * Math.PI * i) / 12) + 3 * rng.normal(),
    );
    const sse = (x: number[]) => {
      // A smoothing-like error sum with a flat region and ties, where ordering matters.
      const a = 1 / (1 + Math.exp(-x[0]!));
      let level = y[0]!;
      let total = 0;
      for (const v of y) {
        const e = v - level;
        total += e * e;
        level += a * e + 0 * x[1]!;
      }
      return Math.round(total * 100) / 100;
    };
    for (const [f, start, opts] of [
      [rosenbrock, [-1.2, 1], { maxEvaluations: 500 }],
      [bowl, [3, -2, 5, 1], { step: 1, maxEvaluations: 300 }],
      [sse, [0, 0], { step: 1, maxEvaluations: 200 }],
    ] as const) {
      expect(nelderMead(f, [...start], opts)).toEqual(nelderMeadReference(f, [...start], opts));
    }
  });
});

/**
 * The plain version of nelderMead (before it stopped allocating): its ordering and centroid, the part the fast one
 * rewrote, with the move both make (`nelderMeadMove`). The reference the fast one must equal.
 */
const nelderMeadReference: NelderMead = (f, start, options = {}) => {
  const { maxEval, tol, d, ...first } = nelderMeadStart(f, start, options);
  let { simplex, values } = first;
  let evals = simplex.length;
  while (evals < maxEval) {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    simplex = order.map(([, i]) => simplex[i]!);
    values = order.map(([v]) => v);
    if (Math.abs(values[d]! - values[0]!) <= tol * (Math.abs(values[0]!) + tol)) break;
    const centroid = start.map((_, j) => simplex.slice(0, d).reduce((s, p) => s + p[j]!, 0) / d);
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[d]![j]! - c));
    evals += nelderMeadMove(f, simplex, values, along);
  }
  const best = values.indexOf(Math.min(...values));
  return { x: simplex[best]!, value: values[best]! };
};
