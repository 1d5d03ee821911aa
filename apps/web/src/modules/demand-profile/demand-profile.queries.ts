// The demand profile pages' GraphQL documents (validated by apps/web/src/queries.spec.ts).

const COUNT = '{ display count marker reason }';

export const DEMAND_PROFILE_QUERY = `{ demandProfile {
  asAt councils { code asAt } minCount placementCategories ageBands
  cells { placementCategory ageBand value ${COUNT} }
  categoryTotals { key value ${COUNT} } ageBandTotals { key value ${COUNT} } total ${COUNT}
} }`;

export const PUBLISHED_DEMAND_PROFILES =
  '{ publishedDemandProfiles { version asAt revision publishedAt jsonPath tables { name title csvPath metaCsvPath } } }';
