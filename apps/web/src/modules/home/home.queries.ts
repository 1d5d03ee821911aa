/** The work queues' documents (counts only; each page has the detail). */

export const COUNCIL_QUEUE = `query CouncilQueue {
  councilReferrals(status: "open") { id responses { response } }
}`;

export const PROVIDER_QUEUE = `query ProviderQueue {
  providerReferrals(status: "open") { id respondBy matches { response { id } } }
  settings { urn name currentVacancy { stale staleAfter } }
}`;
