// The hub's and councils' market pages' GraphQL documents (validated by apps/web/src/queries.spec.ts).

export const GAPS_QUERY = `query($council: String) {
  sufficiencyGaps(council: $council) {
    asAt council
    byCategory { placementCategory childrenLookedAfter openReferrals unmetReferrals declaredVacancies blockBeds vacantBlockBeds shortfall }
    byNeed { need openReferrals unmetReferrals vacanciesAbleToMeet }
    byLocality { localAuthorityCode placementCategory declaredVacancies }
  }
  placementLocality(council: $council) {
    placingCouncils { councilCode inArea outOfArea unknownLocality }
    hostCouncils { localAuthorityCode byOwnChildren byOtherCouncils }
  }
}`;

export const PRICE_DISTRIBUTIONS_QUERY = `query($council: String) { priceDistributions(council: $council) {
  placementCategory route n minPence lowerQuartilePence medianPence upperQuartilePence maxPence withheld } }`;

/** Each contract's utilisation, and the contracts' names (the caller's own: all for the hub, shared ones for a council). */
export const UTILISATION_QUERY = `query($council: String) { blockContractUtilisation(council: $council) {
  contractId placementCategory beds periods bedNights occupiedBedNights voidBedNights utilisation costPence voidCostPence
  councils { councilCode committedPence occupiedPence voidSharePence } }
  blockContracts { id name } }`;
