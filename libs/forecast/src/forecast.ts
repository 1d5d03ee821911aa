import { bands, normalBands, BACKTEST_MIN_TRAIN, MIN_SERIES_MONTHS, type Band, type BacktestRow } from './backtest.js';
import { checkHorizon, ForecastError } from './errors.js';
import { etsDamped, holtWinters } from './models/ets.js';
import { leastSquaresLine, naive, seasonalNaive } from './models/baselines.js';
import { councilsLine, mean12 } from './models/councils.js';
import { memoised } from './models/combination.js';
import type { Model, ModelName } from './models/model.js';
import { theta } from './models/theta.js';
import { addMonths, monthIndex } from './month.js';
import { Rng } from './random.js';
import { select, type Selection } from './select.js';

/**
 * The single-model candidates. The councils' method (`straight-line`) is the reference every ratio is taken against;
 * the combinations of ETS, Theta and the councils' line are built from these by `select`.
 */
export const UNIVARIATE_MODELS: readonly Model[] = [
  naive,
  seasonalNaive,
  councilsLine,
  leastSquaresLine,
  mean12,
  theta,
  etsDamped,
  holtWinters,
];

export interface MonthlySeries {
  /** First month, YYYY-MM. */
  start: string;
  values: number[];
}

export interface ForecastPoint extends Band {
  month: string;
}

export interface ForecastOptions {
  horizon: number;
  seed?: number;
  /** Paths for the published intervals (default 2000) and per back-test origin (default 400). */
  sims?: number;
  backtestSims?: number;
  /** Candidate single models; default UNIVARIATE_MODELS. Combinations are added when their members are here. */
  models?: readonly Model[];
  /** Clamp forecasts and bands at zero (counts). Default: true when no observed value is negative. */
  nonNegative?: boolean;
  /** Back-test only the latest this-many origins (bounds the cost on long series); default every origin. */
  maxOrigins?: number;
  /**
   * Simulate paths for every interval even when a model has a closed-form predictive (the slow path). By default a
   * model with one (the stock-and-flow) takes its back-test and published bands from it, so the published intervals
   * are of the kind whose coverage the back-test measured (ADR 0027).
   */
  simulate?: boolean;
}

export interface ChosenForecast {
  status: 'ok';
  start: string;
  months: number;
  lastMonth: string;
  horizon: number;
  chosen: ModelName;
  chosenLabel: string;
  reason: string;
  /** Which rule chose, and every candidate's MASE on the origins it chose on and the origins it confirmed on. */
  selection: Selection;
  backtest: BacktestRow[];
  /**
   * Chosen model's back-test MASE divided by the councils' method's (`straight-line`: a line through the last three
   * annual totals). Below 1: the chosen model beat what councils do.
   */
  maseRatioToStraightLine: number | null;
  /** The same ratio of mean absolute errors (unscaled). */
  maeRatioToStraightLine: number | null;
  forecast: ForecastPoint[];
  seed: number;
}

export interface TooShort {
  status: 'too-short';
  start: string;
  months: number;
  minimum: number;
  reason: string;
}

export type SeriesForecast = ChosenForecast | TooShort;

export const DEFAULT_SEED = 20_240_601;

function fmt(x: number | null): string {
  return x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(2);
}

export function checkSeries(series: MonthlySeries): void {
  monthIndex(series.start);
  series.values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new ForecastError('series', `value ${i + 1} is not a finite number`);
  });
}

/** Picks the lowest back-test MASE; ties go to the simpler model (earlier in the list). Says why, in figures. */
export function choose(rows: BacktestRow[]): { row: BacktestRow; reason: string } {
  const scored = rows.filter((r) => Number.isFinite(r.mase));
  if (scored.length === 0)
    return {
      row: rows[0]!,
      reason: 'no model could be scored (the series never changes); the first candidate is shown',
    };
  const best = scored.reduce((a, b) => (b.mase < a.mase - 1e-12 ? b : a));
  const others = scored
    .filter((r) => r !== best)
    .map((r) => `${r.model} ${fmt(r.mase)}`)
    .join(', ');
  const reason =
    `lowest rolling-origin MASE: ${best.model} ${fmt(best.mase)} (${others}) over ${best.origins} origins and ` +
    `${best.forecasts} forecasts; its 80% and 95% intervals covered ${fmt(best.coverage80 * 100)}% and ` +
    `${fmt(best.coverage95 * 100)}% of outcomes`;
  return { row: best, reason };
}

/**
 * Back-tests every candidate on the series by rolling origin, chooses by the rule in `select` and forecasts with it.
 * A series shorter than MIN_SERIES_MONTHS is not forecast: the answer says so.
 */
export function forecastSeries(series: MonthlySeries, options: ForecastOptions): SeriesForecast {
  checkHorizon(options.horizon);
  checkSeries(series);
  const y = series.values;
  if (y.length < MIN_SERIES_MONTHS) {
    return {
      status: 'too-short',
      start: series.start,
      months: y.length,
      minimum: MIN_SERIES_MONTHS,
      reason:
        `${y.length} ${y.length === 1 ? 'month is' : 'months is'} too short to back-test: a forecast is published only with its measured error, ` +
        `which needs at least ${MIN_SERIES_MONTHS} months (${BACKTEST_MIN_TRAIN} to train, the rest to test)`,
    };
  }
  const models = (options.models ?? UNIVARIATE_MODELS).map(memoised);
  const seed = options.seed ?? DEFAULT_SEED;
  const nonNegative = options.nonNegative ?? y.every((v) => v >= 0);
  const start = monthIndex(series.start) % 12;
  const earliest = Math.max(BACKTEST_MIN_TRAIN, ...models.map((m) => m.minTrain));
  const firstOrigin = options.maxOrigins ? Math.max(earliest, y.length - options.maxOrigins) : earliest;
  const {
    rows,
    chosen: row,
    model,
    reason,
    selection,
  } = select(y, models, {
    horizon: options.horizon,
    start,
    seed,
    sims: options.backtestSims ?? 400,
    nonNegative,
    firstOrigin,
    ...(options.simulate ? { simulate: true } : {}),
  });
  const rng = new Rng(seed);
  const fitted = model.fit(y, start, rng);
  const moments = options.simulate ? undefined : fitted.moments?.(options.horizon);
  const band = moments
    ? normalBands(fitted.point(options.horizon), moments.mean, moments.sd, nonNegative)
    : bands(fitted.point(options.horizon), fitted.paths(options.horizon, options.sims ?? 2000, rng), nonNegative);
  const lastMonth = addMonths(series.start, y.length - 1);
  const line = rows.find((r) => r.model === 'straight-line');
  const ratio = (a: number, b: number | undefined) =>
    b !== undefined && b > 0 && Number.isFinite(a) && Number.isFinite(b) ? a / b : null;
  return {
    status: 'ok',
    start: series.start,
    months: y.length,
    lastMonth,
    horizon: options.horizon,
    chosen: row.model,
    chosenLabel: row.label,
    reason,
    selection,
    backtest: rows,
    maseRatioToStraightLine: ratio(row.mase, line?.mase),
    maeRatioToStraightLine: ratio(row.mae, line?.mae),
    forecast: band.map((b, i) => ({ month: addMonths(lastMonth, i + 1), ...b })),
    seed,
  };
}
