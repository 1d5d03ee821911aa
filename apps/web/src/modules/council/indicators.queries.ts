// The council indicators page's GraphQL documents (validated by apps/web/src/queries.spec.ts).

export const COUNCIL_INDICATORS = `{ councilIndicators {
  councilCode asAt lookedAfter lookedAfterByPlacementAndAge { placementCategory ageBand count }
  flows { month entries exits } threeOrMorePlacements { count of } samePlacementTwoYears { count of }
  under16Unregulated residentialWhenFosteringPreferred { count of }
} }`;
