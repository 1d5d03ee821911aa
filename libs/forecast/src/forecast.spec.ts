import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { backtest } from './backtest.js';
import { ForecastError } from './errors.js';
import { forecastSeries, UNIVARIATE_MODELS } from './forecast.js';
import { holtWinters } from './models/ets.js';
import { leastSquaresLine, naive, seasonalNaive } from './models/baselines.js';
import { Rng } from './random.js';
import { pooledCoverage95 } from './test/coverage.js';

const seasonal = (t: number) => 100 + 20 * Math.sin((2 * Math.PI * t) / 12) + (t % 12 === 8 ? 15 : 0);

describe('forecastSeries', () => {
  it('forecasts a perfect line exactly with the least-squares line, clearly better than the combination', () => {
    const values = Array.from({ length: 40 }, (_, t) => 50 + 3 * t);
    const result = forecastSeries({ start: '2019-04', values }, { horizon: 6, backtestSims: 50, sims: 200 });
    if (result.status !== 'ok') throw new Error('expected a forecast');
    expect(result.chosen).toBe('least-squares-line');
    expect(result.selection.rule).toBe('single-clearly-better');
    result.forecast.forEach((f, i) => expect(f.point).toBeCloseTo(50 + 3 * (40 + i), 8));
    expect(result.forecast[0]!.month).toBe('2022-08');
    expect(result.backtest.find((r) => r.model === 'least-squares-line')!.mase).toBeCloseTo(0, 8);
    // The councils' line spreads each year's total evenly, so it lags a monthly trend: it is not exact.
    expect(result.backtest.find((r) => r.model === 'straight-line')!.mase).toBeGreaterThan(0.5);
    expect(result.maseRatioToStraightLine).toBeCloseTo(0, 8);
  });

  it('forecasts a pure seasonal series exactly with seasonal naive', () => {
    const values = Array.from({ length: 48 }, (_, t) => seasonal(t));
    const result = forecastSeries({ start: '2018-01', values }, { horizon: 12, backtestSims: 50, sims: 200 });
    if (result.status !== 'ok') throw new Error('expected a forecast');
    expect(result.chosen).toBe('seasonal-naive');
    result.forecast.forEach((f, i) => expect(f.point).toBeCloseTo(seasonal(48 + i), 8));
    const line = result.backtest.find((r) => r.model === 'straight-line')!;
    expect(result.maseRatioToStraightLine).toBeCloseTo(0 / line.mase, 8);
    expect(result.selection.rule).toBe('single-clearly-better');
    expect(result.reason).toContain('seasonal-naive is clearly better than the combination');
  });

  it('says a series is too short instead of forecasting it', () => {
    const result = forecastSeries({ start: '2024-01', values: Array.from({ length: 23 }, () => 5) }, { horizon: 3 });
    expect(result).toMatchObject({ status: 'too-short', months: 23, minimum: 24 });
    if (result.status === 'too-short') expect(result.reason).toContain('too short to back-test');
  });

  it('refuses horizons outside 1..36', () => {
    const values = Array.from({ length: 30 }, (_, t) => t);
    for (const horizon of [0, 37, 2.5, -1])
      expect(() => forecastSeries({ start: '2020-01', values }, { horizon })).toThrow(ForecastError);
  });

  it('is reproducible for a seed and different for another', () => {
    const rng = new Rng(3);
    const values = Array.from({ length: 36 }, (_, t) => Math.round(seasonal(t) + 5 * rng.normal()));
    const a = forecastSeries({ start: '2020-01', values }, { horizon: 4, backtestSims: 50, sims: 300, seed: 1 });
    const b = forecastSeries({ start: '2020-01', values }, { horizon: 4, backtestSims: 50, sims: 300, seed: 1 });
    const c = forecastSeries({ start: '2020-01', values }, { horizon: 4, backtestSims: 50, sims: 300, seed: 2 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('scores MAPE without zero outcomes and says how many it skipped', () => {
    const values = Array.from({ length: 30 }, (_, t) => (t % 5 === 0 ? 0 : 10));
    const row = backtest(values, naive, { horizon: 1, start: 0, seed: 1, sims: 50, nonNegative: true });
    expect(row.mapeZerosSkipped).toBe(values.slice(13).filter((v) => v === 0).length);
    expect(row.mape).not.toBeNull();
  });
});

describe('backtest', () => {
  it('scores only the origins asked for, every horizon to the end of the series', () => {
    const values = Array.from({ length: 30 }, (_, t) => 3 * t);
    const opts = { horizon: 3, start: 0, seed: 1, sims: 20, nonNegative: true };
    const early = backtest(values, naive, { ...opts, firstOrigin: 13, endOrigin: 20 });
    const late = backtest(values, naive, { ...opts, firstOrigin: 20 });
    expect(early.origins).toBe(7);
    expect(early.forecasts).toBe(21);
    expect(late.origins).toBe(10);
    expect(late.forecasts).toBe(3 * 8 + 2 + 1);
    // A random walk forecast of a line is out by 3 per step ahead; the training-window naive MAE is 3.
    expect(early.maseByHorizon).toEqual([1, 2, 3]);
  });
});

describe('intervals', () => {
  // Simulated from the models' own assumptions, the 95% intervals should cover about 95% of outcomes, parameter
  // uncertainty included (without it the straight line's band on 20 points covers visibly less).
  it('least-squares line: 95% interval coverage near 95% on simulated lines with noise', () => {
    const rng = new Rng(11);
    let inside95 = 0;
    let inside80 = 0;
    const trials = 400;
    for (let k = 0; k < trials; k++) {
      const y = Array.from({ length: 21 }, (_, t) => 10 + 0.5 * t + 2 * rng.normal());
      const train = y.slice(0, 20);
      const fitted = leastSquaresLine.fit(train, 0, rng);
      const paths = fitted
        .paths(1, 400, rng)
        .map((p) => p[0]!)
        .sort((a, b) => a - b);
      const q = (p: number) => paths[Math.floor(p * (paths.length - 1))]!;
      if (y[20]! >= q(0.025) && y[20]! <= q(0.975)) inside95++;
      if (y[20]! >= q(0.1) && y[20]! <= q(0.9)) inside80++;
    }
    expect(inside95 / trials).toBeGreaterThan(0.92);
    expect(inside95 / trials).toBeLessThan(0.98);
    expect(inside80 / trials).toBeGreaterThan(0.75);
    expect(inside80 / trials).toBeLessThan(0.85);
  });

  it('Holt-Winters: back-test coverage of the 95% interval on a simulated local-level series is near 95%', () => {
    const rng = new Rng(5);
    const coverage = pooledCoverage95(
      Array.from({ length: 6 }, (_, k) => {
        let level = 200;
        const y = Array.from({ length: 48 }, (_, t) => {
          level += 2 * rng.normal();
          return level + 10 * Math.sin((2 * Math.PI * t) / 12) + 3 * rng.normal();
        });
        return {
          y,
          model: holtWinters,
          options: { horizon: 3, start: 0, seed: k, sims: 200, nonNegative: true, firstOrigin: 24 },
        };
      }),
    );
    expect(coverage).toBeGreaterThan(0.88);
    expect(coverage).toBeLessThan(0.995);
  });

  it('bands are ordered (95% around 80%) and never negative for any count series (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 24, maxLength: 40 }),
        fc.integer({ min: 1, max: 36 }),
        (values, horizon) => {
          const r = forecastSeries(
            { start: '2020-01', values },
            { horizon, backtestSims: 20, sims: 100, models: [naive, seasonalNaive, leastSquaresLine] },
          );
          if (r.status !== 'ok') return false;
          return (
            r.forecast.length === horizon &&
            r.forecast.every(
              (f) => f.lower95 <= f.lower80 && f.lower80 <= f.upper80 && f.upper80 <= f.upper95 && f.lower95 >= 0,
            ) &&
            r.backtest.every((b) => b.coverage95 >= b.coverage80)
          );
        },
      ),
      { numRuns: 25, seed: 42 },
    );
  });

  it('back-tests only the latest origins when asked (maxOrigins)', () => {
    const values = Array.from({ length: 40 }, (_, t) => 20 + (t % 5));
    const r = forecastSeries({ start: '2020-01', values }, { horizon: 2, backtestSims: 20, sims: 50, maxOrigins: 10 });
    if (r.status !== 'ok') throw new Error('expected a forecast');
    expect(r.backtest.every((b) => b.origins === 10 && b.forecasts === 19)).toBe(true);
  });

  it('every candidate is scored on the same outcomes', () => {
    const values = Array.from({ length: 36 }, (_, t) => 20 + (t % 7));
    const r = forecastSeries({ start: '2020-01', values }, { horizon: 12, backtestSims: 20, sims: 50 });
    if (r.status !== 'ok') throw new Error('expected a forecast');
    expect(new Set(r.backtest.map((b) => b.forecasts)).size).toBe(1);
    expect(r.backtest.map((b) => b.model)).toEqual([
      ...UNIVARIATE_MODELS.map((m) => m.name),
      'combination-median',
      'combination-mean',
    ]);
  });
});
