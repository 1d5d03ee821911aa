import { logistic, logit, mean, nelderMead } from '../stats.js';
import type { FittedModel, Model } from './model.js';

const M = 12;

interface Params {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

interface State {
  level: number;
  trend: number;
  /** The last 12 seasonal terms, oldest first (season[0] applies to the next month). */
  season: number[];
}

/** Additive error, damped additive trend and (with two years or more) additive seasonality: ETS(A,Ad,A). */
function initialState(y: readonly number[], seasonal: boolean): State {
  if (!seasonal)
    return {
      level: y[0]!,
      trend: y.length > 1 ? (y[Math.min(y.length - 1, 3)]! - y[0]!) / Math.min(y.length - 1, 3) : 0,
      season: [],
    };
  const first = mean(y.slice(0, M));
  const second = mean(y.slice(M, 2 * M));
  const trend = (second - first) / M;
  // Level at time -1 so that the first recursion step lands on month 0; seasonal terms detrended.
  const level = first - trend * ((M - 1) / 2 + 1);
  const season = y.slice(0, M).map((v, i) => v - (first + trend * (i - (M - 1) / 2)));
  return { level, trend, season };
}

/** Runs the filter over y; returns the one-step errors and the final state. */
function filter(y: readonly number[], p: Params, seasonal: boolean): { errors: number[]; state: State } {
  const s = initialState(y, seasonal);
  let { level, trend } = s;
  const season = [...s.season];
  const errors: number[] = [];
  for (const v of y) {
    const seas = seasonal ? season[0]! : 0;
    const forecast = level + p.phi * trend + seas;
    const e = v - forecast;
    errors.push(e);
    const newLevel = level + p.phi * trend + p.alpha * e;
    trend = p.phi * trend + p.beta * e;
    level = newLevel;
    if (seasonal) {
      season.shift();
      season.push(seas + p.gamma * e);
    }
  }
  return { errors, state: { level, trend, season } };
}

/**
 * The same recursion as `filter`, returning only the sum of squared one-step errors: no allocation per call (a
 * ring buffer for the seasonal terms, the initial state computed once by the caller). The optimiser calls it hundreds
 * of times per fit; the arithmetic is the same, operation for operation, so the sums are identical (ADR 0027).
 */
function sse(y: readonly number[], p: Params, seasonal: boolean, init: State, ring: Float64Array): number {
  let level = init.level;
  let trend = init.trend;
  const { alpha, beta, gamma, phi } = p;
  let r = 0;
  if (seasonal) for (let i = 0; i < M; i++) ring[i] = init.season[i]!;
  let total = 0;
  for (let t = 0; t < y.length; t++) {
    const seas = seasonal ? ring[r]! : 0;
    const forecast = level + phi * trend + seas;
    const e = y[t]! - forecast;
    total += e * e;
    const newLevel = level + phi * trend + alpha * e;
    trend = phi * trend + beta * e;
    level = newLevel;
    if (seasonal) {
      ring[r] = seas + gamma * e;
      r = r === M - 1 ? 0 : r + 1;
    }
  }
  return total;
}

function fromVector(x: number[], seasonal: boolean): Params {
  const alpha = 0.01 + 0.98 * logistic(x[0]!);
  const beta = alpha * 0.98 * logistic(x[1]!);
  const phi = 0.8 + 0.18 * logistic(x[2]!);
  const gamma = seasonal ? (1 - alpha) * 0.98 * logistic(x[3]!) : 0;
  return { alpha, beta, gamma, phi };
}

/** Least-squares fit (the Gaussian likelihood's maximiser for fixed sigma) of the smoothing parameters. */
function estimate(
  y: readonly number[],
  seasonal: boolean,
): { params: Params; sse: number; errors: number[]; state: State } {
  const start = seasonal ? [logit(0.3), logit(0.1), 0, logit(0.1)] : [logit(0.3), logit(0.1), 0];
  const init = initialState(y, seasonal);
  const ring = new Float64Array(M);
  const sseOf = (x: number[]) => sse(y, fromVector(x, seasonal), seasonal, init, ring);
  const best = nelderMead(sseOf, start, { maxEvaluations: seasonal ? 300 : 200, step: 1 });
  const params = fromVector(best.x, seasonal);
  const { errors, state } = filter(y, params, seasonal);
  return { params, sse: best.value, errors, state };
}

function project(state: State, p: Params, h: number, seasonal: boolean, noise?: () => number): number[] {
  let { level, trend } = state;
  const season = [...state.season];
  const out: number[] = [];
  for (let i = 0; i < h; i++) {
    const seas = seasonal ? season[0]! : 0;
    const forecast = level + p.phi * trend + seas;
    const e = noise ? noise() : 0;
    out.push(forecast + e);
    const newLevel = level + p.phi * trend + p.alpha * e;
    trend = p.phi * trend + p.beta * e;
    level = newLevel;
    if (seasonal) {
      season.shift();
      season.push(seas + p.gamma * e);
    }
  }
  return out;
}

/** How many bootstrap refits stand for parameter uncertainty. */
export const ETS_REFITS = 12;

/**
 * Damped-trend exponential smoothing; with `seasonal`, Holt-Winters additive seasonality once the window has two
 * years. Parameters are fitted by minimising the one-step squared error. Paths: the series is rebuilt from its fitted
 * values plus resampled residuals, the parameters refitted on each rebuilt series (a residual bootstrap), and each
 * refit filtered through the real data before simulating, so the band carries the error in alpha, beta, gamma, phi.
 */
function etsModel(name: 'ets-damped' | 'holt-winters', label: string, allowSeasonal: boolean): Model {
  return {
    name,
    label,
    minTrain: 8,
    fit(train, _start, rng): FittedModel {
      const seasonal = allowSeasonal && train.length >= 2 * M;
      const fit = estimate(train, seasonal);
      const k = seasonal ? 4 + 2 + M : 4 + 2;
      const df = Math.max(1, train.length - k);
      const fitted = train.map((v, i) => v - fit.errors[i]!);
      const centred = fit.errors.map((e) => e - mean(fit.errors));
      const refits: { params: Params; state: State; sigma: number }[] = [];
      for (let b = 0; b < ETS_REFITS; b++) {
        const rebuilt = fitted.map((f) => f + centred[rng.int(centred.length)]!);
        const again = estimate(rebuilt, seasonal);
        const onData = filter(train, again.params, seasonal);
        const sse = onData.errors.reduce((s, e) => s + e * e, 0);
        refits.push({ params: again.params, state: onData.state, sigma: Math.sqrt(sse / df) });
      }
      return {
        point: (h) => project(fit.state, fit.params, h, seasonal),
        paths: (h, n, r) =>
          Array.from({ length: n }, (_, i) => {
            const refit = refits[i % refits.length]!;
            // sigma itself is uncertain too: scale by a chi-square draw as for the baselines.
            const sd = refit.sigma * Math.sqrt(df / r.chiSquare(df));
            return project(refit.state, refit.params, h, seasonal, () => sd * r.normal());
          }),
      };
    },
  };
}

/** Damped-trend exponential smoothing without seasonality, ETS(A,Ad,N). */
export const etsDamped: Model = etsModel('ets-damped', 'exponential smoothing, damped trend', false);

/** Holt-Winters: damped trend and additive seasonality (from 24 months in the window), ETS(A,Ad,A). */
export const holtWinters: Model = etsModel(
  'holt-winters',
  'Holt-Winters: damped trend, additive seasonality (from 24 months)',
  true,
);

export const _internals = { filter, sse, estimate, initialState };
