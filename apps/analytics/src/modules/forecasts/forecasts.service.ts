import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { hasCouncilRole, type Principal } from '@rcc/auth';
import { checkHorizon, DEFAULT_SEED, ForecastError, type Scenario, type WeeklyPrices } from '@rcc/forecast';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';
import { nonMemberCaller } from '../../platform/member-scope.js';
import type { ForecastScenarioInput, WeeklyPriceInput } from './dtos/forecast-scenario.input.js';
import { ForecastAccessError, ForecastInputError } from './forecasts.exception.js';
import { ForecastInputsReader, type ForecastInputs } from './forecast-inputs.js';
import type { ForecastSeries } from './forecasts.model.js';
import { reconcileRegion } from './reconcile.js';
import { computeSeries, REGION_KEY, withProjections } from './series-forecast.js';

/** Answers kept in memory, per request shape and data version (the oldest goes first). */
const CACHE_SIZE = 64;

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
    private readonly inputs: ForecastInputsReader,
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
    const version = await this.inputs.dataVersion();
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
    let inputs: ForecastInputs | undefined;
    const inputsFor = async () => (inputs ??= await this.inputs.load());
    try {
      const bases = new Map<string, ForecastSeries>();
      for (const k of all)
        bases.set(
          k,
          stored.get(k) ??
            (persist
              ? await this.computeOnce(k, request.horizon, version, inputsFor)
              : computeSeries(k, await inputsFor(), { horizon: request.horizon, seed })),
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
            ? withProjections(base, k, await inputsFor(), { horizon: request.horizon, seed, scenario, prices })
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
    inputsFor: () => Promise<ForecastInputs>,
  ): Promise<ForecastSeries> {
    const id = JSON.stringify([key, horizon, version]);
    const running = this.computing.get(id);
    if (running) return running;
    const done = (async () => {
      const inputs = await inputsFor();
      const t0 = performance.now();
      const series = computeSeries(key, inputs, { horizon, seed: DEFAULT_SEED });
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
}
