import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { buildSchema, Kind, parse, specifiedRules, validate, type OperationDefinitionNode } from 'graphql';
import { fragmentBomb, nestedQuery } from './graphql-attacks.js';
import { measureOperation, queryLimitsRule } from './graphql-limits.js';
import { repoRoot } from './repo-root.js';

/** The shared limits against the committed supergraph (the same rule runs in the gateway and every subgraph). */
const schema = buildSchema(readFileSync(join(repoRoot(), 'apps/gateway/supergraph.graphql'), 'utf8'), {
  assumeValidSDL: true,
});
const LIMITS = { maxDepth: 12, maxAliases: 30, maxCost: 2_000_000 };

const measure = (query: string) => {
  const doc = parse(query);
  const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = new Map(
    doc.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  return measureOperation(schema, operation, fragments);
};
const refusals = (query: string) =>
  validate(schema, parse(query), [...specifiedRules, queryLimitsRule(LIMITS)]).map((e) => e.message);

describe('GraphQL limits in one linear walk (issue 15)', () => {
  it('refuses the depth-41 query, naming the limit', () => {
    const query = nestedQuery(41);
    expect(measure(query).depth).toBe(41);
    expect(refusals(query)).toEqual([
      'query depth 41 exceeds the limit of 12',
      expect.stringMatching(/^query cost .* exceeds the limit of 2000000$/),
    ]);
  });

  it('walks each fragment of the 837-character fragment bomb once: refused, with visits linear in its size', () => {
    const bomb = fragmentBomb(837);
    expect(bomb.length).toBeLessThanOrEqual(837);
    const levels = (bomb.match(/fragment /g) ?? []).length;
    const m = measure(bomb);
    // The old rules walked every spread again: 2^levels walks (doubling per level). Memoised: one per fragment.
    expect(levels).toBeGreaterThan(15);
    expect(m.visits).toBeLessThanOrEqual(levels + 1);
    expect(m.aliases).toBeGreaterThan(2 ** (levels - 2));
    expect(refusals(bomb)).toEqual([
      expect.stringMatching(/aliases exceed the limit of 30$/),
      expect.stringMatching(/^query cost .* exceeds the limit of 2000000$/),
    ]);
  });

  it('stays linear however deep the fragments nest (a 500-level chain is 502 visits)', () => {
    const lines = ['query { ...F0 }'];
    for (let i = 0; i < 500; i++) lines.push(`fragment F${i} on Query { ...F${i + 1} ...F${i + 1} ...F${i + 1} }`);
    lines.push('fragment F500 on Query { __typename }');
    const m = measure(lines.join('\n'));
    expect(m.visits).toBe(502);
    expect(m.cost).toBeGreaterThan(1e200);
  });

  it('counts what the separate rules counted: depth through fragments, aliases per spread, cost below lists', () => {
    expect(measure('{ a: __typename ...F ...F } fragment F on Query { b: __typename }').aliases).toBe(3);
    expect(measure('{ ...F } fragment F on Query { demandProfile { cells { value { display } } } }').depth).toBe(4);
    // 1 + 1 (items) + 10 x 1: the page's limit sizes the list below it.
    expect(measure('{ councilChildren(limit: 10) { items { childId } } }').cost).toBe(12);
    expect(measure('{ tenders { id title } }').cost).toBe(41);
    // A fragment spread under different page sizes is costed for each.
    expect(
      measure(
        '{ a: councilChildren(limit: 2) { items { ...C } } b: councilChildren(limit: 3) { items { ...C } } } fragment C on Child { childId }',
      ).cost,
    ).toBe(1 + 1 + 2 + 1 + 1 + 3);
  });

  it("does not count federation's _entities root as a level of the caller's query", () => {
    const sub = buildSchema(`
      scalar _Any
      union _Entity = Setting
      type Setting { urn: ID! provider: Provider! }
      type Provider { id: ID! settings: [Setting!]! }
      type Query { _entities(representations: [_Any!]!): [_Entity]! setting: Setting }`);
    const doc = parse('query($r: [_Any!]!) { _entities(representations: $r) { ... on Setting { provider { id } } } }');
    const op = doc.definitions[0] as OperationDefinitionNode;
    expect(measureOperation(sub, op, new Map()).depth).toBe(2);
  });

  it('survives a fragment cycle (the standard rule reports it)', () => {
    const errors = refusals('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A __typename }');
    expect(errors.some((e) => /Cannot spread fragment "A" within itself/.test(e))).toBe(true);
  });
});
