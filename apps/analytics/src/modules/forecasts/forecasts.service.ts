import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { hasCouncilRole, type Principal } from '@rcc/auth';
import { NEED_STATES, type TransitionCellV1 } from '@rcc/contracts';
import {
  DEFAULT_SEED,
  ForecastError,
  forecastSeries,
  forecastStockFlow,
  MIN_SERIES_MONTHS,
  monthIndex,
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
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';
import type { ForecastScenarioInput, WeeklyPriceInput } from './dtos/forecast-scenario.input.js';
import { ForecastAccessError, ForecastInputError } from './forecasts.exception.js';
import type { ForecastBacktestRow, ForecastBand, ForecastSeries, StockFlowProjection } from './forecasts.model.js';

export const REGION_KEY = 'region';

export interface ForecastRequest {
  council?: string;
  horizon: number;
  seed?: number;
  scenario?: ForecastScenarioInput;
  weeklyPrices?: WeeklyPriceInput[];
}

/** Paths per back-test origin: enough for 80%/95% coverage to be measured, few enough to answer a request. */
const BACKTEST_SIMS = 150;
const PROJECTION_SIMS = 1000;
const CACHE_SIZE = 64;
/** The latest 24 origins are back-tested: two years of forecasts from every origin, bounded cost on long series. */
const MAX_ORIGINS = 24;

const finite = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);

function toRow(r: BacktestRow): ForecastBacktestRow {
  return {
    model: r.model,
    label: r.label,
    mase: finite(r.mase),
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

/** The last run of consecutive months in a sorted list: [from, to) indexes. */
function lastRun(months: string[]): [number, number] {
  let from = months.length - 1;
  while (from > 0 && monthIndex(months[from]!) === monthIndex(months[from - 1]!) + 1) from--;
  return [Math.max(0, from), months.length];
}

/**
 * Forecasts per council and for the region, each back-tested on its own series. Results are kept in memory per
 * request shape and data version (the latest row received), so the back-test runs once per change of data.
 */
@Injectable()
export class ForecastsService {
  private readonly cache = new Map<string, ForecastSeries[]>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig,
  ) {}

  /** Who sees what: the hub every council and the region; a council its own series and the region's. */
  visibleCouncils(principal: Principal, council?: string): string[] {
    if (hasCouncilRole(principal)) {
      if (council && council !== principal.council)
        throw new ForecastAccessError("a council sees its own forecast and the region's, not another council's");
      return [principal.council!];
    }
    if (council && !this.config.regionCouncils.includes(council))
      throw new ForecastInputError(`${council} is not a member council of this region`);
    return council ? [council] : this.config.regionCouncils;
  }

  async forecasts(principal: Principal, request: ForecastRequest): Promise<ForecastSeries[]> {
    const councils = this.visibleCouncils(principal, request.council);
    const scenario = request.scenario ? this.scenario(request.scenario) : undefined;
    const prices = this.prices(request.weeklyPrices);
    const version = await this.dataVersion();
    const key = JSON.stringify([
      councils,
      request.horizon,
      request.seed ?? null,
      scenario ?? null,
      prices ?? null,
      version,
    ]);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const { transitions, snapshots } = await this.load();
    const seed = request.seed ?? DEFAULT_SEED;
    try {
      const out = [
        ...councils.map((code) =>
          this.series(
            code,
            'council',
            transitions.get(code),
            snapshots.get(code),
            [...transitions].filter(([c]) => c !== code).map(([, d]) => d),
            {
              horizon: request.horizon,
              seed,
              scenario,
              prices,
            },
          ),
        ),
        this.series(REGION_KEY, 'region', regionTransitions(transitions), regionSnapshots(snapshots), [], {
          horizon: request.horizon,
          seed,
          scenario,
          prices,
        }),
      ];
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, out);
      return out;
    } catch (error) {
      if (error instanceof ForecastError) throw new ForecastInputError(error.message);
      throw error;
    }
  }

  private scenario(input: ForecastScenarioInput): Scenario {
    const changes = (list?: { states?: string[]; scale?: number; add?: number }[]) =>
      list?.map((c) => ({
        ...(c.states ? { states: c.states } : {}),
        ...(c.scale !== undefined && c.scale !== null ? { scale: c.scale } : {}),
        ...(c.add !== undefined && c.add !== null ? { add: c.add } : {}),
      }));
    return {
      ...(input.name ? { name: input.name } : {}),
      ...(input.entries ? { entries: changes(input.entries) } : {}),
      ...(input.exits ? { exits: changes(input.exits) } : {}),
      ...(input.transitions ? { transitions: changes(input.transitions) } : {}),
    };
  }

  private prices(input?: WeeklyPriceInput[]): WeeklyPrices | undefined {
    if (!input || input.length === 0) return undefined;
    const prices: WeeklyPrices = {};
    for (const p of input) {
      if (p.category in prices) throw new ForecastInputError(`weeklyPrices: ${p.category} appears twice`);
      prices[p.category] = p.weeklyPence;
    }
    return prices;
  }

  private async dataVersion(): Promise<string> {
    const [row] = (await this.db.query(
      `SELECT (SELECT concat(count(*), '/', max(received_at)) FROM need_snapshot) AS s,
              (SELECT concat(count(*), '/', max(received_at)) FROM need_transition_month) AS t`,
    )) as { s: string; t: string }[];
    return `${row!.s}|${row!.t}`;
  }

  /** Each council's last consecutive run of transition months, and of month-end snapshot totals. */
  private async load(): Promise<{ transitions: Map<string, StockFlowData>; snapshots: Map<string, MonthlySeries> }> {
    const members = this.config.regionCouncils;
    const tr = (await this.db.query(
      `SELECT council_code AS council, to_char(month, 'YYYY-MM') AS month, cells
         FROM need_transition_month WHERE council_code = ANY($1) ORDER BY council_code, month`,
      [members],
    )) as { council: string; month: string; cells: TransitionCellV1[] }[];
    const snaps = (await this.db.query(
      `SELECT council_code AS council, to_char(as_at, 'YYYY-MM') AS month, total
         FROM need_snapshot
        WHERE council_code = ANY($1) AND as_at = (date_trunc('month', as_at) + interval '1 month - 1 day')::date
        ORDER BY council_code, as_at`,
      [members],
    )) as { council: string; month: string; total: number }[];
    const transitions = new Map<string, StockFlowData>();
    const snapshots = new Map<string, MonthlySeries>();
    for (const code of members) {
      const t = tr.filter((r) => r.council === code);
      if (t.length > 0) {
        const [from, to] = lastRun(t.map((r) => r.month));
        transitions.set(code, {
          states: NEED_STATES,
          months: t.slice(from, to).map((r) => ({ month: r.month, cells: r.cells })),
        });
      }
      const s = snaps.filter((r) => r.council === code);
      if (s.length > 0) {
        const [from, to] = lastRun(s.map((r) => r.month));
        snapshots.set(code, { start: s[from]!.month, values: s.slice(from, to).map((r) => r.total) });
      }
    }
    return { transitions, snapshots };
  }

  private series(
    key: string,
    scope: 'council' | 'region',
    transitions: StockFlowData | undefined,
    snapshots: MonthlySeries | undefined,
    others: StockFlowData[],
    o: { horizon: number; seed: number; scenario?: Scenario; prices?: WeeklyPrices },
  ): ForecastSeries {
    const useTransitions = transitions !== undefined && transitions.months.length >= (snapshots?.values.length ?? 0);
    const source = useTransitions ? 'need-transitions' : 'need-snapshots';
    const series: MonthlySeries | undefined = useTransitions
      ? { start: transitions.months[0]!.month, values: stockSeries(transitions) }
      : snapshots;
    const empty: ForecastSeries = {
      key,
      scope,
      status: 'no-data',
      reason:
        scope === 'region'
          ? 'no month has data from every reporting council yet (the region sums the councils over common months)'
          : 'no month-end need snapshot or monthly transitions have been received from this council yet',
      source,
      months: 0,
      start: null,
      lastMonth: null,
      horizon: o.horizon,
      chosenModel: null,
      chosenLabel: null,
      maseRatioToStraightLine: null,
      backtest: [],
      forecast: [],
      history: [],
      projection: null,
      scenarioProjection: null,
    };
    if (!series || series.values.length === 0) return empty;
    const pooledWith = others.filter((d) => d.months.length >= MIN_SERIES_MONTHS);
    const models = useTransitions
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
    const project = (scenario?: Scenario): StockFlowProjection | null => {
      if (!useTransitions) return null;
      const f = forecastStockFlow(transitions, {
        horizon: o.horizon,
        seed: o.seed,
        sims: PROJECTION_SIMS,
        ...(scenario ? { scenario } : {}),
        ...(o.prices ? { prices: o.prices } : {}),
        ...(pooledWith.length > 0 ? { region: pooledWith } : {}),
      });
      return projection(f, pooledWith.length > 0);
    };
    return {
      ...base,
      status: 'ok',
      reason: result.reason,
      lastMonth: result.lastMonth,
      chosenModel: result.chosen,
      chosenLabel: result.chosenLabel,
      maseRatioToStraightLine: finite(result.maseRatioToStraightLine),
      backtest: result.backtest.map(toRow),
      forecast: result.forecast.map((f) => toBand(f.month, f)),
      projection: project(),
      scenarioProjection: o.scenario ? project(o.scenario) : null,
    };
  }
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

/** The region as one chain: the councils' transitions summed, over the months every reporting council has. */
export function regionTransitions(byCouncil: Map<string, StockFlowData>): StockFlowData | undefined {
  const all = [...byCouncil.values()];
  if (all.length === 0) return undefined;
  const common = all
    .map((d) => new Set(d.months.map((m) => m.month)))
    .reduce((a, b) => new Set([...a].filter((m) => b.has(m))));
  const months = [...common].sort();
  if (months.length === 0) return undefined;
  const [from, to] = lastRun(months);
  return {
    states: all[0]!.states,
    months: months.slice(from, to).map((month) => {
      const sum = new Map<string, number>();
      for (const d of all)
        for (const c of d.months.find((m) => m.month === month)!.cells)
          sum.set(`${c.from}\u0000${c.to}`, (sum.get(`${c.from}\u0000${c.to}`) ?? 0) + c.count);
      return {
        month,
        cells: [...sum].map(([k, count]) => {
          const [fromState, toState] = k.split('\u0000');
          return { from: fromState!, to: toState!, count };
        }),
      };
    }),
  };
}

/** The region's month-end total: the councils' totals summed over the months every reporting council has. */
export function regionSnapshots(byCouncil: Map<string, MonthlySeries>): MonthlySeries | undefined {
  const all = [...byCouncil.values()].map((s) => {
    const start = monthIndex(s.start);
    return new Map(s.values.map((v, i) => [start + i, v]));
  });
  if (all.length === 0) return undefined;
  const months = [...all[0]!.keys()].filter((m) => all.every((s) => s.has(m))).sort((a, b) => a - b);
  if (months.length === 0) return undefined;
  let from = months.length - 1;
  while (from > 0 && months[from]! === months[from - 1]! + 1) from--;
  const run = months.slice(from);
  const y = Math.floor(run[0]! / 12);
  return {
    start: `${y}-${String((run[0]! % 12) + 1).padStart(2, '0')}`,
    values: run.map((m) => all.reduce((a, s) => a + s.get(m)!, 0)),
  };
}
