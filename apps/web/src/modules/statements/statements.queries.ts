// The statements section's GraphQL documents (validated by apps/web/src/queries.spec.ts).

export const CLOSED_PERIODS = '{ closedPeriods }';

export const STATEMENT_QUERY = `query($input: ClosePeriodInput!) { periodStatements(input: $input) { period
  councils { councilCode occupiedBlockBedNights usedPence voidPence rechargesInPence rechargesOutPence blockNetPence
    totalPence adjustmentsPence payablePence reconciles spend { route placements bedNights spendPence }
    adjustments { entryId label relatesToPeriod contractId contractName description postedBy chargePence } }
  contracts { contractId contractName provider { name } bedNights occupiedBedNights voidBedNights costPence
    voidCostPence reconciles councils { councilCode occupiedBedNights usedPence voidPence rechargesInPence
    rechargesOutPence netPence } } } }`;
