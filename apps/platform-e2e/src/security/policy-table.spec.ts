import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@rcc/platform';
import { POLICY_TABLE, type Subgraph } from './policy-table.js';
import { probesFromSdl } from './schema-probes.js';

/**
 * The cheap half of the authorization matrix, in the unit stage: every root field and entity of every committed
 * subgraph schema has a policy (the end-to-end matrix checks the served schemas and the running services).
 */
const SUBGRAPHS: Subgraph[] = ['council', 'registry', 'commissioning', 'analytics'];
const served = SUBGRAPHS.flatMap((subgraph) =>
  probesFromSdl(readFileSync(join(repoRoot(), 'apps', subgraph, 'schema.graphql'), 'utf8')).map((op) => ({
    subgraph,
    ...op,
  })),
);

describe('policy table', () => {
  it('has an entry for every root field and entity of every committed subgraph schema', () => {
    const missing = served
      .filter((op) => POLICY_TABLE[op.key]?.subgraph !== op.subgraph)
      .map((op) => `${op.subgraph}: ${op.key} has no entry in apps/platform-e2e/src/security/policy-table.ts`);
    expect(missing).toEqual([]);
  });

  it('has no entry for anything no subgraph serves', () => {
    const stale = Object.entries(POLICY_TABLE)
      .filter(([key, p]) => !served.some((op) => op.key === key && op.subgraph === p.subgraph))
      .map(([key, p]) => `${p.subgraph}: ${key}`);
    expect(stale).toEqual([]);
  });

  it('builds probes that reach the guard: required arguments filled, entities keyed', () => {
    const open = served.find((op) => op.key === 'Mutation.openReferral')!;
    expect(open.query).toBe(
      'mutation Probe($input: OpenReferralInput!) { openReferral(input: $input) { __typename } }',
    );
    expect(Object.keys(open.variables['input'] as object)).toEqual(
      expect.arrayContaining(['childId', 'kind', 'suitability']),
    );
    expect(served.find((op) => op.key === '_entities.Provider')!.variables).toEqual({
      r: [{ __typename: 'Provider', id: '00000000-0000-4000-8000-000000000000' }],
    });
  });

  it('fails when a field is added without a policy', () => {
    const sdl = 'type Query { demandProfile: Int secretChildList: [String!]! }';
    const keys = probesFromSdl(sdl).map((op) => op.key);
    expect(keys.filter((k) => !POLICY_TABLE[k])).toEqual(['Query.secretChildList']);
  });
});
