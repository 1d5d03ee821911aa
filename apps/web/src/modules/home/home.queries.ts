/** The work queues' documents (counts only; each page has the detail). */

export const COUNCIL_QUEUE = `query CouncilQueue {
  councilReferrals(status: "open") { id responses { response } }
}`;

/** The hub's: tenders (status, deadline), the months closed, and the contracts' first nights. */
export const HUB_QUEUE = `query HubQueue {
  tenders { id title status bidsCloseOn }
  closedPeriods
  blockContracts { startDate }
}`;

export const PROVIDER_QUEUE = `query ProviderQueue {
  providerReferrals(status: "open") { id respondBy matches { response { id } } }
  settings { urn name currentVacancy { stale staleAfter } }
}`;
