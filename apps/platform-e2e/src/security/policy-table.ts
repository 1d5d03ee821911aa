import type { Role } from '@rcc/auth';

/**
 * The declared authorization policy: who may call every root field and every entity reference of every subgraph.
 * It is written down here, apart from the code (`@Allow`/`@Public` on the resolvers), and the authorization matrix
 * test (authorization-matrix.e2e-spec.ts) proves the running services agree with it, through the gateway and straight
 * to each subgraph, for every role and for bad tokens.
 *
 * Adding a field to a subgraph without adding it here fails that test, naming the field. Keys:
 * - `Query.<field>` / `Mutation.<field>` for root fields;
 * - `_entities.<Type>` for each resolvable entity (`@key`) a subgraph serves through `_entities`.
 *
 * `allow: 'public'` means anyone, with no token at all. A council role is allowed on the council subgraph only for
 * the caller's own council instance (the matrix checks the other council's instance refuses it).
 *
 * `probe` is optional: by default the test builds the call from the served schema (every required argument gets a
 * schema-valid but empty value, which validation refuses after the guard has decided, so a probe writes nothing).
 */
export type Subgraph = 'council' | 'registry' | 'commissioning' | 'analytics';

export interface FieldPolicy {
  subgraph: Subgraph;
  allow: 'public' | readonly Role[];
  /** Why this policy (one line: what the data is and who needs it). */
  why: string;
  probe?: { query: string; variables?: Record<string, unknown> };
  /**
   * Unpublished regional figures: a council role is allowed only when the CALLER's council is a member of the region
   * (RCC_REGION_COUNCILS); a valid token of any other council is denied (issue 15).
   */
  membersOnly?: true;
}

const COUNCIL_STAFF: readonly Role[] = ['council.analyst', 'council.placements'];

export const POLICY_TABLE: Record<string, FieldPolicy> = {
  // council: child-level data, this council's own staff only
  'Query.councilChildren': { subgraph: 'council', allow: COUNCIL_STAFF, why: 'child-level records (audited)' },
  'Query.councilIndicators': { subgraph: 'council', allow: COUNCIL_STAFF, why: "the council's own indicators" },
  'Query.dfeTables': { subgraph: 'council', allow: ['council.analyst'], why: "the council's DfE-layout figures" },
  'Query.councilReferrals': { subgraph: 'council', allow: COUNCIL_STAFF, why: 'child-level referrals (audited)' },
  'Mutation.importSsda903': { subgraph: 'council', allow: ['council.analyst'], why: 'the statutory return load' },
  'Mutation.openReferral': { subgraph: 'council', allow: ['council.placements'], why: 'placements team work' },
  'Mutation.recordPlacement': { subgraph: 'council', allow: ['council.placements'], why: 'placements team work' },
  'Mutation.closeReferralUnmet': { subgraph: 'council', allow: ['council.placements'], why: 'placements team work' },
  'Mutation.acceptOffer': { subgraph: 'council', allow: ['council.placements'], why: 'placements team work' },
  'Mutation.endPlacement': { subgraph: 'council', allow: ['council.placements'], why: 'placements team work' },
  'Mutation.withdrawReferral': { subgraph: 'council', allow: ['council.placements'], why: 'placements team work' },
  'Mutation.changeReferral': { subgraph: 'council', allow: ['council.placements'], why: 'placements team work' },
  'Query.referralChild': {
    subgraph: 'council',
    allow: ['council.placements'],
    why: 'a child of the latest return echoed back to the officer referring them (audited)',
  },
  'Query.sharingAgreement': {
    subgraph: 'council',
    allow: COUNCIL_STAFF,
    why: "the council's own data-sharing agreement",
  },

  // registry
  'Query.providers': {
    subgraph: 'registry',
    allow: ['hub.commissioner', 'provider.user'],
    why: 'the hub sees every provider, a provider only itself',
  },
  'Query.provider': {
    subgraph: 'registry',
    allow: ['hub.commissioner', 'provider.user'],
    why: 'one provider and its settings: any for the hub, its own for a provider user',
  },
  'Mutation.registerProvider': { subgraph: 'registry', allow: ['hub.commissioner'], why: 'the hub registers' },
  '_entities.Provider': {
    subgraph: 'registry',
    allow: ['hub.commissioner', 'provider.user', 'council.analyst', 'council.placements'],
    why: 'providers named in offers, contracts and placements',
  },
  'Mutation.declareVacancy': {
    subgraph: 'registry',
    allow: ['provider.user'],
    why: 'a provider declares its own vacancies',
  },
  'Mutation.importProviders': {
    subgraph: 'registry',
    allow: ['hub.commissioner'],
    why: 'the hub loads Ofsted/DfE lists',
  },
  'Mutation.respondToReferral': {
    subgraph: 'registry',
    allow: ['provider.user'],
    why: 'a provider answers a referral sent to it',
  },
  'Mutation.setProviderRisk': {
    subgraph: 'registry',
    allow: ['hub.commissioner'],
    why: "the hub's market-oversight flag",
  },
  'Mutation.updateSetting': {
    subgraph: 'registry',
    allow: ['provider.user'],
    why: 'a provider edits its own settings',
  },
  'Mutation.withdrawVacancy': {
    subgraph: 'registry',
    allow: ['provider.user'],
    why: 'a provider withdraws its own vacancies',
  },
  'Query.referralReach': {
    subgraph: 'registry',
    allow: COUNCIL_STAFF,
    why: "counts of who a council's own referral reached (scoped by the council claim), no provider names",
  },
  'Mutation.extendReferralWindow': {
    subgraph: 'registry',
    allow: ['council.placements'],
    why: 'the raising council gives providers longer to answer its own referral',
  },
  'Mutation.widenReferral': {
    subgraph: 'registry',
    allow: ['council.placements'],
    why: 'the raising council sends its own open referral to more homes (scoped by the council claim)',
  },
  'Query.providerReferrals': {
    subgraph: 'registry',
    allow: ['provider.user'],
    why: 'anonymised referrals sent to this provider only',
  },
  'Query.setting': {
    subgraph: 'registry',
    allow: ['hub.commissioner', 'council.placements', 'council.analyst', 'provider.user'],
    why: 'one setting (public Ofsted facts, own detail for its provider)',
  },
  'Query.settings': {
    subgraph: 'registry',
    allow: ['hub.commissioner', 'council.placements', 'council.analyst', 'provider.user'],
    why: 'settings: all for the hub and councils, own for a provider',
  },
  '_entities.Setting': {
    subgraph: 'registry',
    allow: ['hub.commissioner', 'council.placements', 'council.analyst', 'provider.user'],
    why: 'settings named in offers, contracts and placements',
  },

  // commissioning
  'Query.tenders': {
    subgraph: 'commissioning',
    allow: ['hub.commissioner', 'council.analyst', 'council.placements', 'provider.user'],
    why: 'tenders: all for the hub, those a council is in, open ones for providers',
  },
  'Mutation.createTender': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: 'the hub tenders' },
  '_entities.Tender': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: "the hub's joint tenders" },
  'Mutation.abandonTender': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: 'the hub tenders' },
  'Mutation.addTenderLot': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: 'the hub tenders' },
  'Mutation.awardTender': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: 'the hub awards' },
  'Mutation.closePeriod': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: 'the hub closes the month' },
  'Mutation.closeTenderBidding': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: 'the hub tenders' },
  'Mutation.createBlockContract': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: 'the hub contracts' },
  'Mutation.offerBlockBeds': {
    subgraph: 'commissioning',
    allow: ['hub.commissioner', 'council.placements'],
    why: 'a council lends its unused allocated beds',
  },
  'Mutation.postAdjustment': {
    subgraph: 'commissioning',
    allow: ['hub.commissioner'],
    why: 'the hub posts adjustments for closed months',
  },
  'Mutation.reserveBlockBed': {
    subgraph: 'commissioning',
    allow: ['council.placements'],
    why: 'a council asks for a block bed before recording a placement; its own council only',
  },
  'Mutation.endBlockPlacement': {
    subgraph: 'commissioning',
    allow: ['council.placements'],
    why: 'a council frees a block bed it has ended; its own council only',
  },
  'Mutation.releaseBlockBed': {
    subgraph: 'commissioning',
    allow: ['council.placements'],
    why: 'a council gives back a bed it reserved and did not use',
  },
  'Mutation.amendBid': { subgraph: 'commissioning', allow: ['provider.user'], why: 'a provider amends its own bid' },
  'Mutation.withdrawBid': {
    subgraph: 'commissioning',
    allow: ['provider.user'],
    why: 'a provider withdraws its own bid',
  },
  'Mutation.scoreBidAnswers': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: 'the hub evaluates' },
  'Mutation.askTenderQuestion': {
    subgraph: 'commissioning',
    allow: ['provider.user'],
    why: 'a bidder asks a clarification question',
  },
  'Mutation.answerTenderQuestion': {
    subgraph: 'commissioning',
    allow: ['hub.commissioner'],
    why: 'the hub publishes clarification answers',
  },
  'Query.tenderClarifications': {
    subgraph: 'commissioning',
    allow: ['hub.commissioner', 'provider.user'],
    why: 'clarifications: all for the hub; published answers and own questions for a provider',
  },
  'Mutation.openTenderForBids': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: 'the hub tenders' },
  'Mutation.publishTender': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: 'the hub tenders' },
  'Mutation.reverseJournalEntry': {
    subgraph: 'commissioning',
    allow: ['hub.commissioner'],
    why: 'the hub corrects by reversal',
  },
  'Mutation.scoreBid': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: 'the hub evaluates' },
  'Mutation.setTenderCouncils': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: 'the hub tenders' },
  'Mutation.submitBid': { subgraph: 'commissioning', allow: ['provider.user'], why: 'a provider bids for itself' },
  'Query.accountBalances': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: "the hub's ledger" },
  'Query.bids': {
    subgraph: 'commissioning',
    allow: ['hub.commissioner', 'provider.user'],
    why: 'bids: all for the hub, own for a provider',
  },
  'Query.blockContract': {
    subgraph: 'commissioning',
    allow: ['hub.commissioner', 'council.analyst', 'council.placements', 'provider.user'],
    why: 'one contract, scoped as blockContracts',
  },
  'Query.blockContracts': {
    subgraph: 'commissioning',
    allow: ['hub.commissioner', 'council.analyst', 'council.placements', 'provider.user'],
    why: 'contracts: all for the hub, own share for a council, own for a provider',
  },
  'Query.closedPeriods': {
    subgraph: 'commissioning',
    allow: ['hub.commissioner', 'council.analyst', 'council.placements'],
    why: 'which months are closed',
  },
  'Query.journalEntries': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: "the hub's ledger" },
  'Query.ledgerCheck': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: "the hub's ledger invariants" },
  'Query.periodStatements': {
    subgraph: 'commissioning',
    allow: ['hub.commissioner', 'council.analyst', 'council.placements'],
    why: 'statements: all for the hub, own for a council',
  },
  'Query.tender': {
    subgraph: 'commissioning',
    allow: ['hub.commissioner', 'council.analyst', 'council.placements', 'provider.user'],
    why: 'one tender, scoped as tenders',
  },
  'Query.tenderEvaluation': {
    subgraph: 'commissioning',
    allow: ['hub.commissioner'],
    why: "the hub's ranked, explained evaluation",
  },
  '_entities.BlockContract': {
    subgraph: 'commissioning',
    allow: ['hub.commissioner'],
    why: "the hub's contracts referenced by other subgraphs",
  },

  // analytics: published, disclosure-controlled
  'Query.demandProfile': { subgraph: 'analytics', allow: 'public', why: 'published open data (suppressed)' },
  'Mutation.publishDemandProfile': {
    subgraph: 'analytics',
    allow: ['hub.commissioner'],
    why: 'the hub publishes a version',
  },
  'Query.blockContractUtilisation': {
    subgraph: 'analytics',
    allow: ['hub.commissioner', 'council.analyst', 'council.placements'],
    membersOnly: true,
    why: 'hub and councils only',
  },
  'Query.demandTrend': { subgraph: 'analytics', allow: 'public', why: 'published open data (disclosure-controlled)' },
  'Query.forecasts': {
    subgraph: 'analytics',
    allow: ['hub.commissioner', 'council.analyst', 'council.placements'],
    membersOnly: true,
    why: 'forecasts on unsuppressed counts: hub and councils',
  },
  'Query.placementLocality': {
    subgraph: 'analytics',
    allow: ['hub.commissioner', 'council.analyst', 'council.placements'],
    membersOnly: true,
    why: 'hub and councils only',
  },
  'Query.priceDistributions': {
    subgraph: 'analytics',
    allow: ['hub.commissioner', 'council.analyst', 'council.placements'],
    membersOnly: true,
    why: 'prices: hub and councils only',
  },
  'Query.providerMarket': {
    subgraph: 'analytics',
    allow: ['hub.commissioner', 'provider.user'],
    why: "providers' market view: regional figures through disclosure control (the hub sees what they see)",
  },
  'Query.publishedDemandProfile': {
    subgraph: 'analytics',
    allow: 'public',
    why: 'published open data (disclosure-controlled)',
  },
  'Query.publishedDemandProfiles': {
    subgraph: 'analytics',
    allow: 'public',
    why: 'published open data (disclosure-controlled versions)',
  },
  'Query.sufficiencyGaps': {
    subgraph: 'analytics',
    allow: ['hub.commissioner', 'council.analyst', 'council.placements'],
    membersOnly: true,
    why: 'hub and councils only (unsuppressed aggregates)',
  },
  'Query.unmetReferrals': {
    subgraph: 'analytics',
    allow: ['hub.commissioner', 'council.analyst', 'council.placements'],
    membersOnly: true,
    why: 'hub and councils only',
  },
};
