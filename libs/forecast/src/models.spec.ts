import { describe, expect, it } from '@jest/globals';
import { forecastSeries } from './forecast.js';
import { combination, memoised } from './models/combination.js';
import { councilsLine, councilsLinePoint, mean12Point, pastErrors } from './models/councils.js';
import { etsDamped, holtWinters } from './models/ets.js';
import type { FittedModel, Model } from './models/model.js';
import { fitSes, seasonalIndices, seasonalityTest, ses, theta, thetaPoint } from './models/theta.js';
import { Rng } from './random.js';
import { CLEARLY_BETTER } from './select.js';

const year = (v: number) => new Array<number>(12).fill(v);

describe("the councils' method", () => {
  it('draws a line through the last three annual totals and spreads each year ahead evenly (by hand)', () => {
    // Annual totals 120, 144, 168: slope 24 a year, so 192 next year (16 a month) and 216 the year after (18).
    const y = [...year(99), ...year(10), ...year(12), ...year(14)];
    const f = councilsLinePoint(y, 24);
    expect(f.slice(0, 12)).toEqual(year(16));
    expect(f.slice(12)).toEqual(year(18));
  });

  it('uses the totals of the 12 months ending at the origin, not calendar years', () => {
    // 40 months: the last three 12-month windows are months 4-15, 16-27, 28-39 whatever the calendar.
    const y = Array.from({ length: 40 }, (_, t) => t);
    const totals = [4, 16, 28].map((s) => y.slice(s, s + 12).reduce((a, b) => a + b, 0));
    // Equally spaced totals (144 apart): the line's next total is the last plus 144.
    expect(councilsLinePoint(y, 1)[0]).toBeCloseTo((totals[2]! + 144) / 12, 10);
  });

  it('with two years draws the line through both; with one it is flat', () => {
    expect(councilsLinePoint([...year(10), ...year(13)], 2)).toEqual([16, 16]);
    expect(councilsLinePoint([...year(5).slice(0, 6), ...year(7)], 3)).toEqual([7, 7, 7]);
    expect(() => councilsLinePoint(year(1).slice(1), 1)).toThrow(RangeError);
  });

  it('an uneven line: totals 100, 130, 120 give slope 10 and next year 140 (by hand)', () => {
    const spread = (total: number) => year(total / 12);
    const f = councilsLinePoint([...spread(100), ...spread(130), ...spread(120)], 13);
    // mean 116.67 at x = 2, slope (120 - 100) / 2 = 10: year 4 = 116.67 + 20 = 136.67; year 5 = 146.67.
    expect(f[0]).toBeCloseTo(136.666666 / 12, 5);
    expect(f[12]).toBeCloseTo(146.666666 / 12, 5);
  });

  it('its intervals come from its own past errors, and cover a series whose errors it has seen', () => {
    const rng = new Rng(4);
    const y = Array.from({ length: 60 }, (_, t) => 100 + t + 5 * rng.normal());
    const errors = pastErrors(y, 3, 12, councilsLinePoint);
    expect(errors[0]).toHaveLength(60 - 12);
    expect(errors[2]).toHaveLength(60 - 12 - 2);
    const point = councilsLinePoint(y.slice(0, 36), 1)[0]!;
    expect(errors[0]![36 - 12]).toBeCloseTo(y[36]! - point, 10);
    const fitted = councilsLine.fit(y, 0, rng);
    const draws = fitted
      .paths(1, 2000, rng)
      .map((p) => p[0]! - fitted.point(1)[0]!)
      .sort((a, b) => a - b);
    const pool = [...errors[0]!].sort((a, b) => a - b);
    expect(draws[0]).toBeGreaterThanOrEqual(pool[0]! - 1e-9);
    expect(draws[draws.length - 1]).toBeLessThanOrEqual(pool[pool.length - 1]! + 1e-9);
  });

  it('mean of the last 12 months (by hand)', () => {
    expect(mean12Point([1000, ...Array.from({ length: 12 }, (_, i) => i + 1)], 2)).toEqual([6.5, 6.5]);
  });
});

describe('Theta', () => {
  it('is smoothing plus half the least-squares slope (by hand)', () => {
    // SES alpha 0.5 from level 1 over 1,2,3,4: levels 1, 1.5, 2.25, 3.125; slope 1; lead (1 - 0.5^4) / 0.5 = 1.875.
    expect(ses([1, 2, 3, 4], 0.5, 1).level).toBeCloseTo(3.125, 12);
    const f = thetaPoint([1, 2, 3, 4], 0.5, 1, 3);
    expect(f[0]).toBeCloseTo(3.125 + 0.5 * 1.875, 12);
    expect(f[1]).toBeCloseTo(3.125 + 0.5 * 2.875, 12);
    expect(f[2]).toBeCloseTo(3.125 + 0.5 * 3.875, 12);
  });

  it('fits alpha and the initial level at least as well as a fine grid (reference: exhaustive search)', () => {
    const rng = new Rng(9);
    let level = 50;
    const y = Array.from({ length: 40 }, () => (level += rng.normal()) + 2 * rng.normal());
    const fit = fitSes(y);
    let best = Infinity;
    for (let a = 0.01; a < 1; a += 0.01)
      for (let l = y[0]! - 5; l <= y[0]! + 5; l += 0.1) {
        const sse = ses(y, a, l).errors.reduce((s, e) => s + e * e, 0);
        best = Math.min(best, sse);
      }
    expect(fit.sse).toBeLessThanOrEqual(best + 1e-6);
    expect(fit.sse).toBeCloseTo(
      ses(y, fit.alpha, fit.l0).errors.reduce((s, e) => s + e * e, 0),
      8,
    );
  });

  it('deseasonalises only when the lag-12 test says so, and recovers multiplicative indices exactly', () => {
    const pattern = [1.2, 1.1, 1, 0.9, 0.8, 0.9, 1, 1.1, 1.2, 1.05, 0.95, 0.8];
    const norm = pattern.reduce((s, x) => s + x, 0) / 12;
    const y = Array.from({ length: 48 }, (_, t) => 100 * pattern[t % 12]!);
    expect(seasonalityTest(y)).toBe(true);
    seasonalIndices(y).forEach((s, i) => expect(s).toBeCloseTo(pattern[i]! / norm, 10));
    const rng = new Rng(1);
    expect(seasonalityTest(Array.from({ length: 48 }, () => 100 + rng.normal()))).toBe(false);
    // The seasonal series is forecast exactly: flat once deseasonalised, reseasonalised after.
    const f = theta.fit(y, 0, rng).point(12);
    f.forEach((v, i) => expect(v).toBeCloseTo(y[i]!, 4));
  });
});

describe('Holt-Winters and damped smoothing', () => {
  it('Holt-Winters forecasts an exact additive season on a line nearly exactly; plain damped smoothing cannot', () => {
    const y = Array.from({ length: 48 }, (_, t) => 100 + t + 10 * Math.sin((2 * Math.PI * t) / 12));
    const truth = Array.from({ length: 6 }, (_, i) => 100 + 48 + i + 10 * Math.sin((2 * Math.PI * (48 + i)) / 12));
    const rng = new Rng(2);
    const hw = holtWinters.fit(y, 0, rng).point(6);
    const plain = etsDamped.fit(y, 0, rng).point(6);
    const err = (f: number[]) => Math.max(...f.map((v, i) => Math.abs(v - truth[i]!)));
    expect(err(hw)).toBeLessThan(1);
    expect(err(plain)).toBeGreaterThan(3);
  });

  it('keeps seasonality in the combination only where the back-test supports it', () => {
    const rng = new Rng(3);
    const seasonalY = Array.from({ length: 48 }, (_, t) => 200 + 30 * Math.sin((2 * Math.PI * t) / 12) + rng.normal());
    let level = 200;
    const walk = Array.from({ length: 48 }, () => (level += 3 * rng.normal()));
    const opts = { horizon: 6, backtestSims: 30, sims: 50 };
    const a = forecastSeries({ start: '2020-01', values: seasonalY }, opts);
    const b = forecastSeries({ start: '2020-01', values: walk }, opts);
    if (a.status !== 'ok' || b.status !== 'ok') throw new Error('expected forecasts');
    expect(a.selection.etsMember).toBe('holt-winters');
    expect(b.selection.etsMember).toBe('ets-damped');
  });
});

/** A member with fixed points and fixed per-step draws, to check the combination by hand. */
function fixed(name: Model['name'], point: number, draws: number[]): Model {
  return {
    name,
    label: name,
    minTrain: 1,
    fit: (): FittedModel => ({
      point: (h) => new Array<number>(h).fill(point),
      paths: (h, n) => Array.from({ length: n }, (_, k) => new Array<number>(h).fill(draws[k % draws.length]!)),
    }),
  };
}

describe('combinations', () => {
  const a = fixed('naive', 1, [2, 0, 1]);
  const b = fixed('theta', 5, [6, 4, 5]);
  const c = fixed('mean-12', 30, [31, 29, 30]);

  it('median: the median point, and the median of each rank of the members draws (by hand)', () => {
    const f = combination('median', [a, b, c]).fit([1, 2, 3], 0, new Rng(1));
    expect(f.point(2)).toEqual([5, 5]);
    expect(f.paths(1, 3, new Rng(1)).map((p) => p[0])).toEqual([4, 5, 6]);
  });

  it('mean: the mean point, and the mean of each rank (quantile averaging, by hand)', () => {
    const f = combination('mean', [a, b, c]).fit([1, 2, 3], 0, new Rng(1));
    expect(f.point(1)).toEqual([12]);
    expect(f.paths(1, 3, new Rng(1)).map((p) => p[0])).toEqual([11, 12, 13]);
  });

  it('shares one fit per training length with its members (memoised)', () => {
    let fits = 0;
    const counted = memoised({ ...a, fit: (...args) => (fits++, a.fit(...args)) });
    const rng = new Rng(1);
    counted.fit([1, 2], 0, rng);
    counted.fit([1, 2], 0, rng);
    counted.fit([1, 2, 3], 0, rng);
    expect(fits).toBe(2);
  });
});

describe('selection', () => {
  it('keeps the combination unless a single model is clearly better early and better again later', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const rng = new Rng(seed);
      let level = 80;
      const y = Array.from({ length: 54 }, (_, t) => Math.round((level += rng.normal() * 2) + 4 * Math.cos(t / 2)));
      const r = forecastSeries({ start: '2019-04', values: y }, { horizon: 12, backtestSims: 30, sims: 50 });
      if (r.status !== 'ok') throw new Error('expected a forecast');
      const s = r.selection;
      const combo = Math.min(s.early['combination-median']!, s.early['combination-mean']!);
      const singles = Object.entries(s.early).filter(([m]) => !m.startsWith('combination'));
      const [best, bestEarly] = singles.reduce((x, y2) => (y2[1]! < x[1]! ? y2 : x));
      if (s.rule === 'combination') {
        expect(r.chosen.startsWith('combination')).toBe(true);
        const clearly = bestEarly! <= CLEARLY_BETTER * combo;
        const comboName =
          s.early['combination-median']! <= s.early['combination-mean']! ? 'combination-median' : 'combination-mean';
        expect(clearly && s.late[best as Model['name']]! < s.late[comboName]!).toBe(false);
        expect(r.reason).toContain('combination kept');
      } else {
        expect(s.rule).toBe('single-clearly-better');
        expect(r.chosen).toBe(best);
        expect(bestEarly!).toBeLessThanOrEqual(CLEARLY_BETTER * combo);
      }
      expect(r.reason).toContain("councils' method");
    }
  });
});
