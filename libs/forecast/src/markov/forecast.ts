import { bands, type Band } from '../backtest.js';
import { checkHorizon, ForecastError } from '../errors.js';
import { addMonths, daysInMonth } from '../month.js';
import { Rng } from '../random.js';
import { checkData, stockAtEnd, type StockFlowData } from './data.js';
import { fitStockFlow } from './fit.js';
import { checkScenario, type Scenario } from './scenario.js';
import { simulateStockFlow } from './simulate.js';

/** Weekly price per placement category, integer pence. */
export type WeeklyPrices = Record<string, number>;

export function checkPrices(prices: WeeklyPrices): void {
  for (const [category, pence] of Object.entries(prices))
    if (!Number.isInteger(pence) || pence < 0 || pence > 10_000_000)
      throw new ForecastError(
        'prices',
        `${category}: a weekly price is whole pence from 0 to 10,000,000, got ${pence}`,
      );
}

export interface StockFlowForecast {
  months: string[];
  total: Band[];
  byCategory: { category: string; bands: Band[] }[];
  /** Monthly cost in pence (bands rounded to whole pence), when prices were given: stock x weekly price x days / 7. */
  cost: Band[] | null;
  scenario: Scenario | null;
  poolingStrength: number[] | null;
}

/** Forecast of stocks by category (and costs) from the latest month of data, optionally under a scenario. */
export function forecastStockFlow(
  data: StockFlowData,
  options: {
    horizon: number;
    seed: number;
    sims?: number;
    scenario?: Scenario;
    prices?: WeeklyPrices;
    region?: readonly StockFlowData[];
  },
): StockFlowForecast {
  checkHorizon(options.horizon);
  checkData(data);
  if (data.months.length === 0) throw new ForecastError('transitions', 'no months of transitions');
  if (options.scenario) checkScenario(options.scenario, data.states);
  if (options.prices) checkPrices(options.prices);
  const rng = new Rng(options.seed);
  const post = fitStockFlow(data, options.region);
  const last = data.months[data.months.length - 1]!;
  const firstMonth = addMonths(last.month, 1);
  const paths = simulateStockFlow(
    post,
    stockAtEnd(data.states, last),
    firstMonth,
    options.horizon,
    options.sims ?? 1000,
    rng,
    options.scenario,
  );
  const months = Array.from({ length: options.horizon }, (_, h) => addMonths(firstMonth, h));
  const summarise = (f: (v: number[], h: number) => number) => {
    const series = paths.map((p) => p.map(f));
    const means = months.map((_, h) => series.reduce((a, s) => a + s[h]!, 0) / series.length);
    return bands(means, series, true);
  };
  const categories = [...new Set(data.states.slice(1).map((s) => s.split('/')[0]!))];
  const catOf = data.states.map((s) => s.split('/')[0]!);
  const prices = options.prices;
  return {
    months,
    total: summarise((v) => v.reduce((a, b) => a + b, 0)),
    byCategory: categories.map((category) => ({
      category,
      bands: summarise((v) => v.reduce((a, b, i) => a + (catOf[i] === category ? b : 0), 0)),
    })),
    cost: prices
      ? summarise((v, h) => {
          const days = daysInMonth(months[h]!);
          return v.reduce((a, b, i) => a + (i === 0 ? 0 : (b * (prices[catOf[i]!] ?? 0) * days) / 7), 0);
        }).map((b) => ({
          point: Math.round(b.point),
          lower80: Math.round(b.lower80),
          upper80: Math.round(b.upper80),
          lower95: Math.round(b.lower95),
          upper95: Math.round(b.upper95),
        }))
      : null,
    scenario: options.scenario ?? null,
    poolingStrength: post.poolingStrength ?? null,
  };
}
