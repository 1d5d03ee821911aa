import type { Rng } from '../random.js';
import { olsLine } from '../stats.js';
import type { FittedModel, Model } from './model.js';

/**
 * Draws a residual variance from its posterior under a flat prior: sigma^2 = SS / chi2(df). Widening the noise by
 * this draw is what makes an interval account for not knowing sigma (the Student-t prediction interval).
 */
function drawVariance(ss: number, df: number, rng: Rng): number {
  return df > 0 ? ss / rng.chiSquare(df) : 0;
}

/** Random walk: tomorrow is today. Noise from one-step differences (sigma uncertain). */
export const naive: Model = {
  name: 'naive',
  label: 'naive (last value carried forward)',
  minTrain: 2,
  fit(train): FittedModel {
    const last = train[train.length - 1]!;
    const diffs = train.slice(1).map((v, i) => v - train[i]!);
    const ss = diffs.reduce((s, d) => s + d * d, 0);
    return {
      point: (h) => new Array<number>(h).fill(last),
      paths: (h, n, rng) =>
        Array.from({ length: n }, () => {
          const sd = Math.sqrt(drawVariance(ss, diffs.length, rng));
          let level = last;
          return Array.from({ length: h }, () => (level += sd * rng.normal()));
        }),
    };
  },
};

/** Seasonal random walk: a month is the same month last year. */
export const seasonalNaive: Model = {
  name: 'seasonal-naive',
  label: 'seasonal naive (same month last year)',
  minTrain: 13,
  fit(train): FittedModel {
    const n = train.length;
    const diffs = train.slice(12).map((v, i) => v - train[i]!);
    const ss = diffs.reduce((s, d) => s + d * d, 0);
    const lastYear = train.slice(n - 12);
    return {
      point: (h) => Array.from({ length: h }, (_, i) => lastYear[i % 12]!),
      paths: (h, n2, rng) =>
        Array.from({ length: n2 }, () => {
          const sd = Math.sqrt(drawVariance(ss, diffs.length, rng));
          const year = [...lastYear];
          return Array.from({ length: h }, (_, i) => (year[i % 12] = year[i % 12]! + sd * rng.normal()));
        }),
    };
  },
};

/**
 * A least-squares line through the months (not the councils' method, which is a line through annual totals: see
 * councils.ts). Paths draw sigma^2 and then the intercept and slope from their joint posterior (flat prior), so the
 * band widens for an uncertain slope.
 */
export const leastSquaresLine: Model = {
  name: 'least-squares-line',
  label: 'least-squares line through the months',
  minTrain: 3,
  fit(train): FittedModel {
    const n = train.length;
    const { intercept, slope, residuals, sxx } = olsLine(train);
    const ss = residuals.reduce((s, r) => s + r * r, 0);
    const tBar = (n - 1) / 2;
    // Centred parameterisation: level at tBar and slope are independent with variances s2/n and s2/sxx.
    const levelAtMean = intercept + slope * tBar;
    return {
      point: (h) => Array.from({ length: h }, (_, i) => intercept + slope * (n + i)),
      paths: (h, count, rng) =>
        Array.from({ length: count }, () => {
          const s2 = drawVariance(ss, n - 2, rng);
          const level = levelAtMean + Math.sqrt(s2 / n) * rng.normal();
          const b = slope + (sxx > 0 ? Math.sqrt(s2 / sxx) * rng.normal() : 0);
          const sd = Math.sqrt(s2);
          return Array.from({ length: h }, (_, i) => level + b * (n + i - tBar) + sd * rng.normal());
        }),
    };
  },
};
