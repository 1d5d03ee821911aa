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
}

const COUNCIL_STAFF: readonly Role[] = ['council.analyst', 'council.placements'];

export const POLICY_TABLE: Record<string, FieldPolicy> = {
  // council: child-level data, this council's own staff only
  'Query.councilChildren': { subgraph: 'council', allow: COUNCIL_STAFF, why: 'child-level records (audited)' },
  'Query.councilIndicators': { subgraph: 'council', allow: COUNCIL_STAFF, why: "the council's own indicators" },
  'Query.councilReferrals': { subgraph: 'council', allow: COUNCIL_STAFF, why: 'child-level referrals (audited)' },
  'Mutation.importSsda903': { subgraph: 'council', allow: ['council.analyst'], why: 'the statutory return load' },
  'Mutation.openReferral': { subgraph: 'council', allow: ['council.placements'], why: 'placements team work' },
  'Mutation.recordPlacement': { subgraph: 'council', allow: ['council.placements'], why: 'placements team work' },
  'Mutation.closeReferralUnmet': { subgraph: 'council', allow: ['council.placements'], why: 'placements team work' },

  // registry
  'Query.providers': {
    subgraph: 'registry',
    allow: ['hub.commissioner', 'provider.user'],
    why: 'the hub sees every provider, a provider only itself',
  },
  'Mutation.registerProvider': { subgraph: 'registry', allow: ['hub.commissioner'], why: 'the hub registers' },
  '_entities.Provider': {
    subgraph: 'registry',
    allow: ['hub.commissioner', 'provider.user', 'council.analyst', 'council.placements'],
    why: 'providers named in offers, contracts and placements',
  },

  // commissioning
  'Query.tenders': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: "the hub's joint tenders" },
  'Mutation.createTender': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: 'the hub tenders' },
  '_entities.Tender': { subgraph: 'commissioning', allow: ['hub.commissioner'], why: "the hub's joint tenders" },

  // analytics: published, disclosure-controlled
  'Query.demandProfile': { subgraph: 'analytics', allow: 'public', why: 'published open data (suppressed)' },
};
