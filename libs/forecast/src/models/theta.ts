import type { Rng } from '../random.js';
import { logistic, logit, nelderMead, olsLine } from '../stats.js';
import type { FittedModel, Model } from './model.js';

const M = 12;
/** One-sided 90% normal quantile: the seasonality test's threshold (as R's forecast::thetaf). */
const Z90 = 1.6448536269514722;

/** Simple exponential smoothing from level l0: the one-step errors and the final level. */
export function ses(y: readonly number[], alpha: number, l0: number): { errors: number[]; level: number } {
  let level = l0;
  const errors: number[] = [];
  for (const v of y) {
    const e = v - level;
    errors.push(e);
    level += alpha * e;
  }
  return { errors, level };
}

/** alpha in (0.0001, 0.9999) and the initial level by least squares of the one-step errors (as ETS(A,N,N)). */
export function fitSes(y: readonly number[]): { alpha: number; l0: number; sse: number } {
  const scale = Math.max(1, Math.abs(y[0]!));
  const of = (x: number[]) => ({ alpha: 0.0001 + 0.9998 * logistic(x[0]!), l0: y[0]! + scale * x[1]! });
  const sse = (x: number[]) => {
    const { alpha, l0 } = of(x);
    return ses(y, alpha, l0).errors.reduce((s, e) => s + e * e, 0);
  };
  const best = nelderMead(sse, [logit(0.3), 0], { maxEvaluations: 300, step: 0.5 });
  return { ...of(best.x), sse: best.value };
}

/**
 * The Theta method (Assimakopoulos and Nikolopoulos 2000, as Hyndman and Billah 2003 showed: simple exponential
 * smoothing with drift half the least-squares slope): forecast(h) = level + b/2 * (h - 1 + (1 - (1 - alpha)^n) / alpha).
 */
export function thetaPoint(y: readonly number[], alpha: number, l0: number, h: number): number[] {
  const n = y.length;
  const { level } = ses(y, alpha, l0);
  const b = olsLine(y).slope;
  const lead = (1 - (1 - alpha) ** n) / alpha;
  return Array.from({ length: h }, (_, i) => level + (b / 2) * (i + lead));
}

/** Autocorrelation at lags 1..m. */
function acf(y: readonly number[], m: number): number[] {
  const n = y.length;
  const mu = y.reduce((s, v) => s + v, 0) / n;
  const c0 = y.reduce((s, v) => s + (v - mu) ** 2, 0);
  return Array.from({ length: m }, (_, k) => {
    let c = 0;
    for (let t = k + 1; t < n; t++) c += (y[t]! - mu) * (y[t - k - 1]! - mu);
    return c0 === 0 ? 0 : c / c0;
  });
}

/** The 90% test of lag-12 autocorrelation that forecast::thetaf applies before deseasonalising. */
export function seasonalityTest(y: readonly number[]): boolean {
  if (y.length < 3 * M || y.some((v) => v <= 0)) return false;
  const r = acf(y, M);
  const before = r.slice(0, M - 1).reduce((s, x) => s + x * x, 0);
  const stat = Math.abs(r[M - 1]!) / Math.sqrt((1 + 2 * before) / y.length);
  return stat > Z90;
}

/**
 * Classical multiplicative decomposition's seasonal indices (centred 2x12 moving average, ratio averaged by calendar
 * position, normalised to mean 1). index[i % 12] applies to y[i].
 */
export function seasonalIndices(y: readonly number[]): number[] {
  const n = y.length;
  const sums = new Array<number>(M).fill(0);
  const counts = new Array<number>(M).fill(0);
  for (let t = M / 2; t < n - M / 2; t++) {
    let ma = (y[t - M / 2]! + y[t + M / 2]!) / 2;
    for (let k = t - M / 2 + 1; k < t + M / 2; k++) ma += y[k]!;
    ma /= M;
    sums[t % M]! += y[t]! / ma;
    counts[t % M]!++;
  }
  const raw = sums.map((s, i) => s / counts[i]!);
  const mean = raw.reduce((s, x) => s + x, 0) / M;
  return raw.map((x) => x / mean);
}

export const theta: Model = {
  name: 'theta',
  label: 'Theta method (smoothing with half the trend; deseasonalised when the lag-12 test says so)',
  minTrain: 4,
  fit(train): FittedModel {
    const n = train.length;
    const seasonal = seasonalityTest(train);
    const index = seasonal ? seasonalIndices(train) : new Array<number>(M).fill(1);
    const adjusted = train.map((v, i) => v / index[i % M]!);
    const { alpha, l0, sse } = fitSes(adjusted);
    const df = Math.max(1, n - 2);
    const at = (i: number) => index[(n + i) % M]!;
    const point = (h: number) => thetaPoint(adjusted, alpha, l0, h).map((f, i) => f * at(i));
    return {
      point,
      // The SES predictive (variance sigma^2 (1 + alpha^2 (h - 1))), sigma drawn from SS / chi2(df); reseasonalised.
      paths: (h, count, rng: Rng) => {
        const p = point(h);
        return Array.from({ length: count }, () => {
          const sigma = Math.sqrt(sse / rng.chiSquare(df));
          return p.map((f, i) => f + at(i) * sigma * Math.sqrt(1 + alpha * alpha * i) * rng.normal());
        });
      },
    };
  },
};
