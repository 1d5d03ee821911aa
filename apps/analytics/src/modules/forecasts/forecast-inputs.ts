import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { NEED_STATES, type TransitionCellV1 } from '@rcc/contracts';
import { monthIndex, type MonthlySeries, type StockFlowData } from '@rcc/forecast';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';

/** Bumped when the engine's results change for the same data, so kept forecasts are recomputed (ADR 0027). */
export const FORECAST_ENGINE = 'forecast-4';

/** What the forecasts are computed from: each member council's monthly transitions and month-end totals. */
export interface ForecastInputs {
  transitions: Map<string, StockFlowData>;
  snapshots: Map<string, MonthlySeries>;
  /** The data version these inputs were read at (in the same snapshot of the database). */
  version: string;
}

/** The last run of consecutive months in a sorted list: [from, to) indexes. */
function lastRun(months: string[]): [number, number] {
  let from = months.length - 1;
  while (from > 0 && monthIndex(months[from]!) === monthIndex(months[from - 1]!) + 1) from--;
  return [Math.max(0, from), months.length];
}

/** Reads the forecasts' inputs and the version of the data they are read at. */
@Injectable()
export class ForecastInputsReader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig,
  ) {}

  /**
   * Which data a forecast was computed from: every stored event (council, month, event id) of the member councils,
   * fingerprinted, with the member list and the engine's version. A replaced month changes its event id, so any
   * change of input changes the version, whatever the order in which transactions commit.
   */
  async dataVersion(db: Pick<EntityManager, 'query'> = this.db): Promise<string> {
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
  load(): Promise<ForecastInputs> {
    return this.db.transaction('REPEATABLE READ', async (em) => this.read(em));
  }

  private async read(db: EntityManager): Promise<ForecastInputs> {
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
