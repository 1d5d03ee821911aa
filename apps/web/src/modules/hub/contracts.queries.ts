// The block contracts page's GraphQL documents (validated by apps/web/src/queries.spec.ts).

export const BLOCK_CONTRACTS = `{ blockContracts { id name voidSharing provider { name } placementCategory beds freeBedsNow weeklyPricePerBedPence startDate endDate allocationMode
        shares { councilCode basisPoints beds } outstandingCommitmentPence } }`;
