// Forecasting engine (issue 6): models, rolling-origin back-tests and intervals. Filled in by the forecast work.
export {};
