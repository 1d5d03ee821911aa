import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { hasCouncilRole, type Principal } from '@rcc/auth';
import { NEED_STATES, type TransitionCellV1 } from '@rcc/contracts';
import {
  checkHorizon,
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
import { nonMemberCaller } from '../../platform/member-scope.js';
import type { ForecastScenarioInput, WeeklyPriceInput } from './dtos/forecast-scenario.input.js';
import { ForecastAccessError, ForecastInputError } from './forecasts.exception.js';
import type { ForecastBacktestRow, ForecastBand, ForecastSeries, StockFlowProjection } from './forecasts.model.js';
import { anchorProjection, reconcileRegion, scenarioOnForecast } from './reconcile.js';

export const REGION_KEY = 'region';
/** Bumped when the engine's results change for the same data, so kept forecasts are recomputed (ADR 0027). */
export const FORECAST_ENGINE = 'forecast-4';

interface Inputs {
  transitions: Map<string, StockFlowData>;
  snapshots: Map<string, MonthlySeries>;
  /** The data version these inputs were read at (in the same snapshot of the database). */
  version: string;
}

function checkHorizonInput(horizon: number): void {
  try {
    checkHorizon(horizon);
  } catch (error) {
    if (error instanceof ForecastError) throw new ForecastInputError(error.message);
    throw error;
  }
}

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

/** The last run of consecutive months in a sorted list: [from, to) indexes. */
function lastRun(months: string[]): [number, number] {
  let from = months.length - 1;
  while (from > 0 && monthIndex(months[from]!) === monthIndex(months[from - 1]!) + 1) from--;
  return [Math.max(0, from), months.length];
}

/**
 * Forecasts per council and for the region, each back-tested on its own series. Each series' back-test, forecast and
 * baseline projection is computed once per version of the region's data and kept in forecast_result (ADR 0027), so
 * a request reads it; costs and scenarios are projected on request on top of it. Answers are also kept in memory per
 * request shape and data version.
 */
@Injectable()
export class ForecastsService {
  private readonly cache = new Map<string, ForecastSeries[]>();
  private readonly computing = new Map<string, Promise<ForecastSeries>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig,
  ) {}

  /** Who sees what: the hub every council and the region; a council its own series and the region's. */
  visibleCouncils(principal: Principal, council?: string): string[] {
    const outsider = nonMemberCaller(principal, this.config);
    if (outsider) throw new ForecastAccessError(outsider);
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
    // GraphQL hands an omitted input object over as an empty one: no name and no change is no scenario.
    const asked = request.scenario ? this.scenario(request.scenario) : undefined;
    const scenario = asked && Object.keys(asked).length > 0 ? asked : undefined;
    const prices = this.prices(request.weeklyPrices);
    checkHorizonInput(request.horizon);
    const seed = request.seed ?? DEFAULT_SEED;
    const version = await this.dataVersion();
    // The default seed's forecasts are kept per data version and read from the table; a seeded run, scenario or
    // costs are computed on request and their answers kept in memory.
    const persist = seed === DEFAULT_SEED;
    const memo = !persist || scenario !== undefined || prices !== undefined;
    const key = JSON.stringify([councils, request.horizon, seed, scenario ?? null, prices ?? null, version]);
    const hit = memo ? this.cache.get(key) : undefined;
    if (hit) return hit;
    const keys = [...councils, REGION_KEY];
    // The region is reconciled with every member council (it equals their sum), so every council's series is read
    // (or computed and kept) whoever asks; only the visible ones are answered.
    const all = [...this.config.regionCouncils, REGION_KEY];
    const stored = persist ? await this.stored(all, request.horizon, version) : new Map<string, ForecastSeries>();
    let inputs: Inputs | undefined;
    const inputsFor = async () => (inputs ??= await this.load());
    try {
      const bases = new Map<string, ForecastSeries>();
      for (const k of all)
        bases.set(
          k,
          stored.get(k) ??
            (persist
              ? await this.computeOnce(k, request.horizon, version, inputsFor)
              : this.series(k, await inputsFor(), { horizon: request.horizon, seed })),
        );
      bases.set(
        REGION_KEY,
        reconcileRegion(
          bases.get(REGION_KEY)!,
          this.config.regionCouncils.map((c) => bases.get(c)!),
        ),
      );
      const out: ForecastSeries[] = [];
      for (const k of keys) {
        const base = bases.get(k)!;
        out.push(
          scenario || prices
            ? this.withProjections(base, k, await inputsFor(), { horizon: request.horizon, seed, scenario, prices })
            : base,
        );
      }
      if (memo) {
        if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
        this.cache.set(key, out);
      }
      return out;
    } catch (error) {
      if (error instanceof ForecastError) throw new ForecastInputError(error.message);
      throw error;
    }
  }

  /**
   * Computes and keeps a series for the default seed; concurrent requests in this process for the same series, horizon
   * and data version share the one computation.
   */
  private computeOnce(
    key: string,
    horizon: number,
    version: string,
    inputsFor: () => Promise<Inputs>,
  ): Promise<ForecastSeries> {
    const id = JSON.stringify([key, horizon, version]);
    const running = this.computing.get(id);
    if (running) return running;
    const done = (async () => {
      const inputs = await inputsFor();
      const t0 = performance.now();
      const series = this.series(key, inputs, { horizon, seed: DEFAULT_SEED });
      // Kept under the version the inputs were read at: an event landing after the version was asked for but before
      // the inputs were read must not label newer figures with the older version.
      await this.store(key, horizon, inputs.version, series, performance.now() - t0);
      return series;
    })().finally(() => this.computing.delete(id));
    this.computing.set(id, done);
    return done;
  }

  /** Forecasts kept for these series and horizon, computed from this version of the data. */
  private async stored(keys: string[], horizon: number, version: string): Promise<Map<string, ForecastSeries>> {
    const rows = (await this.db.query(
      `SELECT series_key AS key, result FROM forecast_result
        WHERE series_key = ANY($1) AND horizon = $2 AND seed = $3 AND data_version = $4`,
      [keys, horizon, DEFAULT_SEED, version],
    )) as { key: string; result: ForecastSeries }[];
    return new Map(rows.map((r) => [r.key, r.result]));
  }

  private async store(key: string, horizon: number, version: string, series: ForecastSeries, ms: number) {
    await this.db.query(
      `INSERT INTO forecast_result (series_key, horizon, seed, data_version, result, compute_ms)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (series_key, horizon, seed) DO UPDATE
         SET data_version = EXCLUDED.data_version, result = EXCLUDED.result, compute_ms = EXCLUDED.compute_ms,
             computed_at = now()`,
      [key, horizon, DEFAULT_SEED, version, JSON.stringify(series), Math.round(ms)],
    );
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

  /**
   * Which data a forecast was computed from: every stored event (council, month, event id) of the member councils,
   * fingerprinted, with the member list and the engine's version. A replaced month changes its event id, so any
   * change of input changes the version, whatever the order in which transactions commit.
   */
  private async dataVersion(db: Pick<EntityManager, 'query'> = this.db): Promise<string> {
    const [row] = (await db.query(
      `SELECT (SELECT concat(count(*), '/', md5(coalesce(string_agg(concat(council_code, as_at, event_id), ','
                        ORDER BY council_code, as_at), '')))
                 FROM need_snapshot WHERE council_code = ANY($1)) AS s,
              (SELECT concat(count(*), '/', md5(coalesce(string_agg(concat(council_code, month, event_id), ','
                        ORDER BY council_code, month), '')))
                 FROM need_transition_month WHERE council_code = ANY($1)) AS t`,
      [this.config.regionCouncils],
    )) as { s: string; t: string }[];
    return `${FORECAST_ENGINE}|${this.config.regionCouncils.join(',')}|${row!.s}|${row!.t}`;
  }

  /**
   * Each council's last consecutive run of transition months, and of month-end snapshot totals, with the data version,
   * all read in one repeatable-read snapshot.
   */
  private load(): Promise<Inputs> {
    return this.db.transaction('REPEATABLE READ', async (em) => this.read(em));
  }

  private async read(db: EntityManager): Promise<Inputs> {
    const version = await this.dataVersion(db);
    const members = this.config.regionCouncils;
    const tr = (await db.query(
      `SELECT council_code AS council, to_char(month, 'YYYY-MM') AS month, cells
         FROM need_transition_month WHERE council_code = ANY($1) ORDER BY council_code, month`,
      [members],
    )) as { council: string; month: string; cells: TransitionCellV1[] }[];
    const snaps = (await db.query(
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
    return { transitions, snapshots, version };
  }

  /** What a series is forecast from: its monthly transitions (and the other councils' to pool) or its snapshots. */
  private source(key: string, inputs: Inputs) {
    const { transitions: byCouncil, snapshots: snaps } = inputs;
    const region = key === REGION_KEY;
    const transitions = region ? regionTransitions(byCouncil) : byCouncil.get(key);
    const snapshots = region ? regionSnapshots(snaps) : snaps.get(key);
    const others = region ? [] : [...byCouncil].filter(([c]) => c !== key).map(([, d]) => d);
    // n month-end snapshots bound n - 1 months of moves (a council sends the moves between month-ends), so moves one
    // month shorter than the totals cover the same span: forecast from the moves, which carry the placement types.
    const useTransitions =
      transitions !== undefined && transitions.months.length + 1 >= (snapshots?.values.length ?? 0);
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
  private series(key: string, inputs: Inputs, o: { horizon: number; seed: number }): ForecastSeries {
    const { scope, transitions, series, pooledWith } = this.source(key, inputs);
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
      projection: transitions ? anchorProjection(this.project(transitions, pooledWith, o), forecast) : null,
    };
  }

  /**
   * A kept series with the request's costs (the same paths, priced) and scenario projection added, both anchored to
   * the series' forecast: the costs price the forecast shown, and the scenario moves that forecast by the scenario's
   * effect on the stock-and-flow.
   */
  private withProjections(
    base: ForecastSeries,
    key: string,
    inputs: Inputs,
    o: { horizon: number; seed: number; scenario?: Scenario; prices?: WeeklyPrices },
  ): ForecastSeries {
    const { transitions, pooledWith } = this.source(key, inputs);
    if (base.status !== 'ok' || !transitions) return base;
    const raw = this.project(transitions, pooledWith, { ...o, scenario: undefined });
    return {
      ...base,
      projection: o.prices ? anchorProjection(raw, base.forecast) : base.projection,
      scenarioProjection: o.scenario
        ? scenarioOnForecast(this.project(transitions, pooledWith, o), raw, base.forecast)
        : null,
    };
  }

  private project(
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
