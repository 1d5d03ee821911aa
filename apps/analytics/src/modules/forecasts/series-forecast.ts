import {
  forecastSeries,
  forecastStockFlow,
  MIN_SERIES_MONTHS,
  stockFlowModel,
  stockSeries,
  UNIVARIATE_MODELS,
  type Band,
  type BacktestRow,
  type MonthlySeries,
  type Scenario,
  type StockFlowData,
  type StockFlowForecast,
  type WeeklyPrices,
} from '@rcc/forecast';
import { regionSnapshots, regionTransitions, type ForecastInputs } from './forecast-inputs.js';
import type { ForecastBacktestRow, ForecastBand, ForecastSeries, StockFlowProjection } from './forecasts.model.js';
import { anchorProjection, scenarioOnForecast } from './reconcile.js';

/** One series' forecast, pure: what it is computed from, its back-test and chosen forecast, its projections. */

/** The key of the region's series beside the councils' codes. */
export const REGION_KEY = 'region';
/** Paths per back-test origin: enough for 80%/95% coverage to be measured, few enough to answer a request. */
const BACKTEST_SIMS = 150;
const PROJECTION_SIMS = 1000;
/** The latest 24 origins are back-tested: two years of forecasts from every origin, bounded cost on long series. */
const MAX_ORIGINS = 24;

const finite = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);

function toRow(r: BacktestRow): ForecastBacktestRow {
  return {
    model: r.model,
    label: r.label,
    mase: finite(r.mase),
    mae: finite(r.mae),
    maseByHorizon: r.maseByHorizon.map(finite),
    mape: finite(r.mape),
    mapeZerosSkipped: r.mapeZerosSkipped,
    coverage80: finite(r.coverage80),
    coverage95: finite(r.coverage95),
    origins: r.origins,
    forecasts: r.forecasts,
  };
}

const toBand = (month: string, b: Band): ForecastBand => ({ month, ...b });

/** What a series is forecast from: its monthly transitions (and the other councils' to pool) or its snapshots. */
export function forecastSource(key: string, inputs: ForecastInputs) {
  const { transitions: byCouncil, snapshots: snaps } = inputs;
  const region = key === REGION_KEY;
  const transitions = region ? regionTransitions(byCouncil) : byCouncil.get(key);
  const snapshots = region ? regionSnapshots(snaps) : snaps.get(key);
  const others = region ? [] : [...byCouncil].filter(([c]) => c !== key).map(([, d]) => d);
  // n month-end snapshots bound n - 1 months of moves (a council sends the moves between month-ends), so moves one
  // month shorter than the totals cover the same span: forecast from the moves, which carry the placement types.
  const useTransitions = transitions !== undefined && transitions.months.length + 1 >= (snapshots?.values.length ?? 0);
  const series: MonthlySeries | undefined = useTransitions
    ? { start: transitions.months[0]!.month, values: stockSeries(transitions) }
    : snapshots;
  return {
    scope: region ? ('region' as const) : ('council' as const),
    transitions: useTransitions ? transitions : undefined,
    series,
    pooledWith: others.filter((d) => d.months.length >= MIN_SERIES_MONTHS),
  };
}

/** The series' back-test, chosen forecast and baseline projection (no scenario, no prices): what is kept. */
export function computeSeries(
  key: string,
  inputs: ForecastInputs,
  o: { horizon: number; seed: number },
): ForecastSeries {
  const { scope, transitions, series, pooledWith } = forecastSource(key, inputs);
  const empty: ForecastSeries = {
    key,
    scope,
    status: 'no-data',
    reason:
      scope === 'region'
        ? 'no month has data from every reporting council yet (the region sums the councils over common months)'
        : 'no month-end need snapshot or monthly transitions have been received from this council yet',
    source: transitions ? 'need-transitions' : 'need-snapshots',
    months: 0,
    start: null,
    lastMonth: null,
    horizon: o.horizon,
    chosenModel: null,
    chosenLabel: null,
    selectionRule: null,
    maseRatioToStraightLine: null,
    maeRatioToStraightLine: null,
    backtest: [],
    forecast: [],
    history: [],
    projection: null,
    scenarioProjection: null,
  };
  if (!series || series.values.length === 0) return empty;
  const models = transitions
    ? [
        ...UNIVARIATE_MODELS,
        stockFlowModel(transitions),
        ...(pooledWith.length > 0 ? [stockFlowModel(transitions, pooledWith)] : []),
      ]
    : UNIVARIATE_MODELS;
  const result = forecastSeries(series, {
    horizon: o.horizon,
    seed: o.seed,
    models,
    backtestSims: BACKTEST_SIMS,
    maxOrigins: MAX_ORIGINS,
  });
  const base = { ...empty, months: series.values.length, start: series.start, history: series.values };
  if (result.status === 'too-short') return { ...base, status: 'too-short', reason: result.reason };
  const forecast = result.forecast.map((f) => toBand(f.month, f));
  return {
    ...base,
    status: 'ok',
    reason: result.reason,
    lastMonth: result.lastMonth,
    chosenModel: result.chosen,
    chosenLabel: result.chosenLabel,
    selectionRule: result.selection.rule,
    maseRatioToStraightLine: finite(result.maseRatioToStraightLine),
    maeRatioToStraightLine: finite(result.maeRatioToStraightLine),
    backtest: result.backtest.map(toRow),
    forecast,
    // The projection by placement type is anchored to the chosen forecast: one forecast per series.
    projection: transitions ? anchorProjection(project(transitions, pooledWith, o), forecast) : null,
  };
}

/**
 * A kept series with the request's costs (the same paths, priced) and scenario projection added, both anchored to
 * the series' forecast: the costs price the forecast shown, and the scenario moves that forecast by the scenario's
 * effect on the stock-and-flow.
 */
export function withProjections(
  base: ForecastSeries,
  key: string,
  inputs: ForecastInputs,
  o: { horizon: number; seed: number; scenario?: Scenario; prices?: WeeklyPrices },
): ForecastSeries {
  const { transitions, pooledWith } = forecastSource(key, inputs);
  if (base.status !== 'ok' || !transitions) return base;
  const raw = project(transitions, pooledWith, { ...o, scenario: undefined });
  return {
    ...base,
    projection: o.prices ? anchorProjection(raw, base.forecast) : base.projection,
    scenarioProjection: o.scenario ? scenarioOnForecast(project(transitions, pooledWith, o), raw, base.forecast) : null,
  };
}

function project(
  transitions: StockFlowData,
  pooledWith: StockFlowData[],
  o: { horizon: number; seed: number; scenario?: Scenario | undefined; prices?: WeeklyPrices | undefined },
): StockFlowProjection {
  const f = forecastStockFlow(transitions, {
    horizon: o.horizon,
    seed: o.seed,
    sims: PROJECTION_SIMS,
    ...(o.scenario ? { scenario: o.scenario } : {}),
    ...(o.prices ? { prices: o.prices } : {}),
    ...(pooledWith.length > 0 ? { region: pooledWith } : {}),
  });
  return projection(f, pooledWith.length > 0);
}

function projection(f: StockFlowForecast, pooled: boolean): StockFlowProjection {
  return {
    scenarioName: f.scenario ? (f.scenario.name ?? 'unnamed scenario') : null,
    scenarioJson: JSON.stringify(f.scenario ?? {}),
    pooled,
    total: f.total.map((b, i) => toBand(f.months[i]!, b)),
    byCategory: f.byCategory.map((c) => ({
      category: c.category,
      bands: c.bands.map((b, i) => toBand(f.months[i]!, b)),
    })),
    cost:
      f.cost?.map((b, i) => ({
        month: f.months[i]!,
        pointPence: String(b.point),
        lower80Pence: String(b.lower80),
        upper80Pence: String(b.upper80),
        lower95Pence: String(b.lower95),
        upper95Pence: String(b.upper95),
      })) ?? null,
  };
}
