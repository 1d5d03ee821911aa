import type { Model, ModelName } from './models/model.js';
import { Rng } from './random.js';
import { quantileSorted } from './stats.js';

/** The first origin of the rolling-origin back-test: every model trains on at least this many months. */
export const BACKTEST_MIN_TRAIN = 13;
/** Below this length a series is not back-tested (fewer than 11 origins) and is not forecast. */
export const MIN_SERIES_MONTHS = 24;

export interface Band {
  point: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

/** One model's rolling-origin back-test: error and interval coverage over every (origin, horizon) pair. */
export interface BacktestRow {
  model: ModelName;
  label: string;
  /** Mean absolute scaled error: |error| / in-sample naive one-step MAE of the training window. 1 = as good as naive one step ahead. */
  mase: number;
  /** Mean absolute error, in the series' units (children). */
  mae: number;
  /** MASE at each horizon 1..H. */
  maseByHorizon: number[];
  /** Mean absolute percentage error over outcomes that are not zero (null when every outcome is zero). */
  mape: number | null;
  /** Outcomes equal to zero, left out of MAPE. */
  mapeZerosSkipped: number;
  /** Share of outcomes inside the 80% and 95% intervals. */
  coverage80: number;
  coverage95: number;
  origins: number;
  forecasts: number;
}

export interface BacktestOptions {
  horizon: number;
  /** Calendar month (0 = January) of y[0]. */
  start: number;
  seed: number;
  /** Simulated paths per origin for the intervals. */
  sims: number;
  nonNegative: boolean;
  /** First origin (training length); the same for every model compared so they are scored on the same outcomes. */
  firstOrigin?: number;
  /** Origins stop before this training length (default: the series length), e.g. to select on early origins only. */
  endOrigin?: number;
  /** Simulate paths at every origin even when the model has closed-form moments (the slow path, for comparison). */
  simulate?: boolean;
}

/** Point forecast and 80%/95% bands from simulated paths (quantiles per step). */
export function bands(points: number[], paths: number[][], nonNegative: boolean): Band[] {
  const at = new Float64Array(paths.length);
  return points.map((point, i) => {
    for (let k = 0; k < paths.length; k++) at[k] = nonNegative ? Math.max(0, paths[k]![i]!) : paths[k]![i]!;
    at.sort();
    return {
      point: nonNegative ? Math.max(0, point) : point,
      lower80: quantileSorted(at, 0.1),
      upper80: quantileSorted(at, 0.9),
      lower95: quantileSorted(at, 0.025),
      upper95: quantileSorted(at, 0.975),
    };
  });
}

/** Standard normal quantiles of the 80% and 95% central intervals. */
const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;

/** Point forecast and 80%/95% bands from a normal predictive (mean, sd per step); clamped at zero like `bands`. */
export function normalBands(points: number[], mean: number[], sd: number[], nonNegative: boolean): Band[] {
  const clamp = (x: number) => (nonNegative ? Math.max(0, x) : x);
  return points.map((point, i) => {
    const m = mean[i]!;
    const s = sd[i]!;
    return {
      point: clamp(point),
      lower80: clamp(m - Z80 * s),
      upper80: clamp(m + Z80 * s),
      lower95: clamp(m - Z95 * s),
      upper95: clamp(m + Z95 * s),
    };
  });
}

/**
 * Rolling origin, expanding window: for each origin t from the first origin (BACKTEST_MIN_TRAIN) to n-1 the model is fitted on
 * y[0..t) and forecasts steps 1..min(H, n-t); errors are scaled by the naive one-step MAE of that training window.
 */
export function backtest(y: readonly number[], model: Model, options: BacktestOptions): BacktestRow {
  return backtestSplit(y, model, options).full;
}

/** One back-test's running sums. */
class Tally {
  readonly scaled: number[][];
  absSum = 0;
  apeSum = 0;
  apeCount = 0;
  zeros = 0;
  in80 = 0;
  in95 = 0;
  forecasts = 0;
  origins = 0;

  constructor(H: number) {
    this.scaled = Array.from({ length: H }, () => [] as number[]);
  }

  row(model: Model): BacktestRow {
    const all = this.scaled.flat();
    const avg = (xs: number[]) => (xs.length === 0 ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length);
    const n = this.forecasts;
    return {
      model: model.name,
      label: model.label,
      mase: avg(all),
      mae: n === 0 ? NaN : this.absSum / n,
      maseByHorizon: this.scaled.map(avg),
      mape: this.apeCount === 0 ? null : (100 * this.apeSum) / this.apeCount,
      mapeZerosSkipped: this.zeros,
      coverage80: n === 0 ? NaN : this.in80 / n,
      coverage95: n === 0 ? NaN : this.in95 / n,
      origins: this.origins,
      forecasts: n,
    };
  }
}

/**
 * The back-test in one pass, also tallied separately for the origins before `split` (early) and from it (late):
 * the same fits and draws as three separate runs' would be for the full and early rows, at a third of the cost.
 */
export function backtestSplit(
  y: readonly number[],
  model: Model,
  options: BacktestOptions,
  split?: number,
): { full: BacktestRow; early: BacktestRow; late: BacktestRow } {
  const H = options.horizon;
  const rng = new Rng(options.seed);
  const first = Math.max(options.firstOrigin ?? BACKTEST_MIN_TRAIN, model.minTrain);
  const full = new Tally(H);
  const early = new Tally(H);
  const late = new Tally(H);
  for (let t = first; t < Math.min(y.length, options.endOrigin ?? y.length); t++) {
    const tallies = [full, split === undefined || t < split ? early : late];
    const train = y.slice(0, t);
    let mae = 0;
    for (let i = 1; i < t; i++) mae += Math.abs(train[i]! - train[i - 1]!);
    mae /= t - 1;
    // Outcomes are scored up to the end of the series, whatever the last origin.
    const h = Math.min(H, y.length - t);
    const fitted = model.fit(train, options.start, rng);
    // Models with a closed-form predictive skip the simulation at back-test origins (ADR 0027).
    const moments = options.simulate === true ? undefined : fitted.moments?.(h);
    const band = moments
      ? normalBands(fitted.point(h), moments.mean, moments.sd, options.nonNegative)
      : bands(fitted.point(h), fitted.paths(h, options.sims, rng), options.nonNegative);
    for (const a of tallies) a.origins++;
    for (let k = 0; k < h; k++) {
      const actual = y[t + k]!;
      const b = band[k]!;
      const error = Math.abs(actual - b.point);
      for (const a of tallies) {
        a.forecasts++;
        a.absSum += error;
        // A flat training window has no naive error to scale by: its errors are left out of MASE (not of coverage).
        if (mae > 0) a.scaled[k]!.push(error / mae);
        if (actual === 0) a.zeros++;
        else {
          a.apeSum += error / Math.abs(actual);
          a.apeCount++;
        }
        if (actual >= b.lower80 && actual <= b.upper80) a.in80++;
        if (actual >= b.lower95 && actual <= b.upper95) a.in95++;
      }
    }
  }
  return { full: full.row(model), early: early.row(model), late: late.row(model) };
}
