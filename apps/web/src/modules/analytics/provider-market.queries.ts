// The provider's market page's GraphQL documents (validated by apps/web/src/queries.spec.ts).

const COUNT = '{ display count }';
const TABLE = `{ columnKeys rows { key values ${COUNT} total ${COUNT} } columnTotals ${COUNT} total ${COUNT} }`;

export const PROVIDER_MARKET_QUERY = `{
  providerMarket {
    asAt minCount councils
    demandByNeed ${TABLE}
    unmetByAreaAndAge ${TABLE}
    declinesByReason ${TABLE}
    placementFlows ${TABLE}
    prices { placementCategory placements ${COUNT} lowerQuartilePence medianPence upperQuartilePence }
    forecast { lastMonth roundedTo months { month point ${COUNT} lower80 ${COUNT} upper80 ${COUNT} } }
  }
  demandTrend { asAt version categoryTotals { key value ${COUNT} } total ${COUNT} }
}`;
