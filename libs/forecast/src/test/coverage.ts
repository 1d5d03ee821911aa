import { backtest, type BacktestOptions } from '../backtest.js';
import type { Model } from '../models/model.js';

/**
 * The 95% interval's coverage over several back-tests taken together: each back-test's coverage weighted by its
 * number of forecasts (what a model whose bands are right should bring near 95%).
 */
export function pooledCoverage95(runs: readonly { y: readonly number[]; model: Model; options: BacktestOptions }[]) {
  let covered = 0;
  let total = 0;
  for (const { y, model, options } of runs) {
    const row = backtest(y, model, options);
    covered += row.coverage95 * row.forecasts;
    total += row.forecasts;
  }
  return covered / total;
}
