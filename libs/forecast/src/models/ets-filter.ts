// The exponential-smoothing filter ETS(A,Ad,A) and its least-squares fit: the state, the one-step errors, the
// squared-error sum the optimiser minimises (allocation-free, ADR 0027) and the projection.
import { logistic, logit, mean, nelderMead } from '../stats.js';

export const M = 12;

export interface Params {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

export interface State {
  level: number;
  trend: number;
  /** The last 12 seasonal terms, oldest first (season[0] applies to the next month). */
  season: number[];
}

/** Additive error, damped additive trend and (with two years or more) additive seasonality: ETS(A,Ad,A). */
export function initialState(y: readonly number[], seasonal: boolean): State {
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

/** The state's forecast of the next month: level, damped trend and that month's seasonal term. */
const nextForecast = (s: State, p: Params, seasonal: boolean) =>
  s.level + p.phi * s.trend + (seasonal ? s.season[0]! : 0);

/** Moves the state one month on, given the month's error (`sse` repeats this recursion over a ring buffer). */
function advance(s: State, p: Params, seasonal: boolean, e: number): void {
  const seas = seasonal ? s.season[0]! : 0;
  const newLevel = s.level + p.phi * s.trend + p.alpha * e;
  s.trend = p.phi * s.trend + p.beta * e;
  s.level = newLevel;
  if (seasonal) {
    s.season.shift();
    s.season.push(seas + p.gamma * e);
  }
}

const copyOf = (s: State): State => ({ level: s.level, trend: s.trend, season: [...s.season] });

/** Runs the filter over y; returns the one-step errors and the final state. */
export function filter(y: readonly number[], p: Params, seasonal: boolean): { errors: number[]; state: State } {
  const state = initialState(y, seasonal);
  const errors: number[] = [];
  for (const v of y) {
    const e = v - nextForecast(state, p, seasonal);
    errors.push(e);
    advance(state, p, seasonal, e);
  }
  return { errors, state };
}

/**
 * The same recursion as `filter`, returning only the sum of squared one-step errors: no allocation per call (a
 * ring buffer for the seasonal terms, the initial state computed once by the caller). The optimiser calls it hundreds
 * of times per fit; the arithmetic is the same, operation for operation, so the sums are identical (ADR 0027).
 */
export function sse(y: readonly number[], p: Params, seasonal: boolean, init: State, ring: Float64Array): number {
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
export function estimate(
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

export function project(state: State, p: Params, h: number, seasonal: boolean, noise?: () => number): number[] {
  const s = copyOf(state);
  const out: number[] = [];
  for (let i = 0; i < h; i++) {
    const forecast = nextForecast(s, p, seasonal);
    const e = noise ? noise() : 0;
    out.push(forecast + e);
    advance(s, p, seasonal, e);
  }
  return out;
}
