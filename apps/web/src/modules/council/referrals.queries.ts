/**
 * The GraphQL documents of the council's referral pages, each a whole operation (checked against the supergraph).
 * The referral's fields are written out in each query that reads them, so every export stands alone.
 */

export const COUNCIL_REFERRALS = `query CouncilReferrals($status: String, $id: ID) {
  councilReferrals(status: $status, id: $id) {
    id childId kind startBy siblings status localities closedReasons needs aboutChild changedAt
    placement { settingUrn weeklyCostPence route placementCategory contractId startDate endDate }
    responses { responseId providerName settingUrn settingType response weeklyPricePence startDate declineReason registrationFlag respondedAt }
  }
}`;

/** Counts only: who a referral reached, its window, and why other settings were not sent it (registry). */
export const REFERRAL_REACH = `query ReferralReach($referralIds: [ID!]!) {
  referralReach(referralIds: $referralIds) {
    referralId status openedAt respondBy windowExtended asked providers answered lastSentAt
    groups { settingType distance asked answered }
    notMatched { reason settings }
    answeredSettings { settingUrn name ofstedGrade ofstedGradeNote ofstedInspectedOn distance postcodeDistrict declineNote }
    shared {
      kind startBy ageBand sex siblings localities closeToFamily mustStayAtSchool
      suitability { fostering residential supported } ratio risksToChild { risk level } risksToOthers support needs
      aboutChild
    }
    widenedAt
  }
}`;

/** Send an open referral to more homes (registry; the caller's own council's referral only). */
export const WIDEN_REFERRAL = `mutation WidenReferral($input: WidenReferralInput!) {
  widenReferral(input: $input) { referralId widenedAt }
}`;

/** The block contracts the council has a share of (commissioning scopes them to the caller's council). */
export const COUNCIL_BLOCK_CONTRACTS = `query CouncilBlockContracts {
  blockContracts { id name settingUrns beds freeBedsNow startDate endDate }
}`;

/** The child in words from the council's latest return, to check before referring (council instance only). */
export const REFERRAL_CHILD = `query ReferralChild($childId: String!) {
  referralChild(childId: $childId) { childId ageYears sex placementType legalStatus }
}`;

/** Change an open referral: the text for homes, latest start, registration needs, more time to answer. */
export const CHANGE_REFERRAL = `mutation ChangeReferral($input: ChangeReferralInput!) {
  changeReferral(input: $input) { id changedAt }
}`;

export const OPEN_REFERRAL = `mutation OpenReferral($input: OpenReferralInput!) { openReferral(input: $input) { id } }`;

export const RECORD_PLACEMENT = `mutation RecordPlacement($input: RecordPlacementInput!) {
  recordPlacement(input: $input) { id }
}`;

export const CLOSE_UNMET = `mutation CloseReferralUnmet($input: CloseUnmetInput!) { closeReferralUnmet(input: $input) { id } }`;

export const ACCEPT_OFFER = `mutation AcceptOffer($input: AcceptOfferInput!) { acceptOffer(input: $input) { id } }`;

export const END_PLACEMENT = `mutation EndPlacement($input: EndPlacementInput!) { endPlacement(input: $input) { id } }`;

export const WITHDRAW_REFERRAL = `mutation WithdrawReferral($input: WithdrawReferralInput!) {
  withdrawReferral(input: $input) { id }
}`;

export const EXTEND_REFERRAL_WINDOW = `mutation ExtendReferralWindow($input: ExtendReferralWindowInput!) {
  extendReferralWindow(input: $input) { referralId respondBy }
}`;
