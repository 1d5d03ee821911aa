/**
 * Every GraphQL document the simulated year of operations sends through the gateway (simulate-operations.ts), in one
 * place so that a change to a journey's API is adapted here. Each is sent with the token of the role that would.
 */

// The hub (hub.commissioner).
export const PROVIDERS = `{ providers { id name } }`;
export const SETTINGS = `{ settings { urn providerId settingType registrationStatus currentVacancy { stale } } }`;
export const SETTING_EXISTS = `query($urn: String!) { setting(urn: $urn) { urn } }`;
export const SET_PROVIDER_RISK = `mutation($input: SetProviderRiskInput!) { setProviderRisk(input: $input) { id } }`;
export const BLOCK_CONTRACTS = `{ blockContracts { id name tenderId provider { id } settingUrns beds startDate endDate
  shares { councilCode beds } offers { fromDate } } }`;
export const CREATE_BLOCK_CONTRACT = `mutation($input: CreateBlockContractInput!) { createBlockContract(input: $input) { id } }`;
export const TENDERS = `{ tenders { id title status lots { id } } }`;
export const CREATE_TENDER = `mutation($input: CreateTenderInput!) { createTender(input: $input) { id status lots { id } } }`;
export const TENDER_MOVE = (name: 'publishTender' | 'openTenderForBids' | 'closeTenderBidding' | 'awardTender') =>
  `mutation($input: TenderTransitionInput!) { ${name}(input: $input) { id status } }`;
export const BIDS = `query($tenderId: ID) { bids(tenderId: $tenderId) { id qualityScore } }`;
export const SCORE_BID = `mutation($input: ScoreBidInput!) { scoreBid(input: $input) { id } }`;
export const CLOSED_PERIODS = `{ closedPeriods }`;
export const CLOSE_PERIOD = `mutation($input: ClosePeriodInput!) { closePeriod(input: $input) { period } }`;

// A provider (provider.user of its own provider).
export const DECLARE_VACANCY = `mutation($input: DeclareVacancyInput!) { declareVacancy(input: $input) { id } }`;
export const PROVIDER_REFERRALS = `{ providerReferrals { id status matches { settingUrn response { id } } } }`;
export const RESPOND = `mutation($input: RespondToReferralInput!) { respondToReferral(input: $input) { id } }`;
export const SUBMIT_BID = `mutation($input: SubmitBidInput!) { submitBid(input: $input) { id } }`;

// A council's placements team (council.placements of its own council).
export const COUNCIL_CHILDREN = `query($limit: Int!, $offset: Int!) { councilChildren(limit: $limit, offset: $offset) {
  total items { childId dateOfBirth episodes { startDate endDate placementType } } } }`;
export const COUNCIL_REFERRALS = `{ councilReferrals { id childId status placement { startDate endDate }
  responses { responseId settingUrn response weeklyPricePence startDate } } }`;
export const OPEN_REFERRAL = `mutation($input: OpenReferralInput!) { openReferral(input: $input) { id } }`;
export const RECORD_PLACEMENT = `mutation($input: RecordPlacementInput!) { recordPlacement(input: $input) { id } }`;
export const ACCEPT_OFFER = `mutation($input: AcceptOfferInput!) { acceptOffer(input: $input) { id status } }`;
export const END_PLACEMENT = `mutation($input: EndPlacementInput!) { endPlacement(input: $input) { id } }`;
export const CLOSE_UNMET = `mutation($input: CloseUnmetInput!) { closeReferralUnmet(input: $input) { id } }`;
export const OFFER_BLOCK_BEDS = `mutation($input: OfferBlockBedsInput!) { offerBlockBeds(input: $input) { id } }`;
