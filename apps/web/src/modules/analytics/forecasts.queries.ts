// The forecasts page's GraphQL documents (validated by apps/web/src/queries.spec.ts).

const BAND = 'month point lower80 upper80 lower95 upper95';
const PROJECTION = `scenarioName total { ${BAND} } byCategory { category bands { ${BAND} } }
  cost { month pointPence lower80Pence upper80Pence }`;
export const FORECASTS_QUERY = `query($horizon: Int!, $council: String, $scenario: ForecastScenarioInput, $prices: [WeeklyPriceInput!]) {
  forecasts(horizon: $horizon, council: $council, scenario: $scenario, weeklyPrices: $prices, seed: 1) {
    key scope status reason source months lastMonth horizon chosenModel chosenLabel selectionRule
    maseRatioToStraightLine maeRatioToStraightLine
    backtest { model label mase mae mape coverage80 coverage95 origins }
    forecast { ${BAND} } history
    projection { ${PROJECTION} } scenarioProjection { ${PROJECTION} }
  } }`;

export const PRICE_DISTRIBUTIONS = '{ priceDistributions { placementCategory n medianPence } }';
