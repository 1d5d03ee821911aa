// Forecasting engine (issue 6): models, rolling-origin back-tests, intervals with parameter uncertainty, the Markov
// stock-and-flow with pooled (empirical-Bayes) rates, scenarios and costs. Pure TypeScript: no I/O.
export * from './backtest.js';
export * from './errors.js';
export * from './forecast.js';
export * from './month.js';
export * from './random.js';
export { leastSquaresLine, naive, seasonalNaive } from './models/baselines.js';
export { councilsLine, councilsLineFor, councilsLinePoint, mean12 } from './models/councils.js';
export { combination, memoised } from './models/combination.js';
export { theta } from './models/theta.js';
export { etsDamped, holtWinters } from './models/ets.js';
export * from './select.js';
export type { FittedModel, Model, ModelName } from './models/model.js';
export * from './markov/index.js';
export * from './synthetic.js';
