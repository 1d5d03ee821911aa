/** A provider's tender pages: every GraphQL document they send (validated against the supergraph by a test). */

export const PROVIDER_TENDERS_QUERY = `query ProviderTenders {
  tenders { id title status bidsCloseOn biddingClosedReason standstillEndsOn lots { id title } }
  bids {
    id tenderId lotId beds weeklyPricePerBedPence startDate qualityScore submittedAt amendedAt withdrawnAt
    outcome outcomeNotice
  }
  blockContracts { id name placementCategory beds weeklyPricePerBedPence startDate endDate settingUrns }
  settings { urn name }
}`;

export const PROVIDER_TENDER_QUERY = `query ProviderTender($id: ID!) {
  tender(id: $id) {
    id title description status priceWeight qualityWeight qualityQuestions bidsCloseOn biddingClosedReason
    standstillEndsOn
    lots { id title settingType needs locality beds termMonths }
  }
  tenderClarifications(tenderId: $id) { id question answer answeredAt askedByYou }
  bids(tenderId: $id) {
    id lotId beds weeklyPricePerBedPence startDate settingUrns qualityAnswers { question answer }
    submittedAt amendedAt withdrawnAt outcome outcomeNotice
  }
  settings { urn name postcodeDistrict }
}`;

export const SUBMIT_BID = `mutation SubmitBid($input: SubmitBidInput!) { submitBid(input: $input) { id } }`;
export const AMEND_BID = `mutation AmendBid($input: AmendBidInput!) { amendBid(input: $input) { id } }`;
export const WITHDRAW_BID = `mutation WithdrawBid($input: WithdrawBidInput!) { withdrawBid(input: $input) { id } }`;
export const ASK_TENDER_QUESTION = `mutation AskTenderQuestion($input: AskTenderQuestionInput!) {
  askTenderQuestion(input: $input) { id }
}`;
