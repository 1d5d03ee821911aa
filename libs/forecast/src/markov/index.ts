// The Markov stock-and-flow (issue 6), by phase: the data and its sums, the pooled prior, the fit, scenarios,
// simulation, closed-form moments, the back-test model and the forecast with costs. The public surface is listed here;
// the phases' helpers stay inside this folder.
export {
  OUT,
  SEASON_PSEUDO_MONTHS,
  stockAtEnd,
  stockSeries,
  type StockFlowData,
  type StockFlowPosterior,
  type TransitionCell,
  type TransitionMonth,
} from './data.js';
export { POOLING_GRID } from './pooling.js';
export { fitStockFlow } from './fit.js';
export { checkScenario, type RateChange, type Scenario } from './scenario.js';
export { expectedStock, simulateStockFlow } from './simulate.js';
export { stockFlowMoments } from './moments.js';
export { stockFlowModel } from './backtest-model.js';
export { checkPrices, forecastStockFlow, type StockFlowForecast, type WeeklyPrices } from './forecast.js';
