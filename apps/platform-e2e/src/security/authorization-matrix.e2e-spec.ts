import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { AUDIENCE, generateSigningKey, ROLES, TEST_ISSUER, type Principal, type Role } from '@rcc/auth';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import { sql, startRegion, testIssuer, type TestRegion } from '@rcc/testing';
import { POLICY_TABLE, type Subgraph } from './policy-table.js';
import { probesFromSdl, type ServedOperation } from './schema-probes.js';

/**
 * Issue 8's authorization matrix and routing test, on a whole region (2 council instances, registry, commissioning,
 * analytics, gateway; real PostgreSQL and Kafka):
 * - every root field and entity of every served subgraph schema has an entry in policy-table.ts;
 * - every one is called with every role, anonymously, with a council token of another council, and with bad, expired
 *   and forged tokens, through the gateway and straight to its subgraph: 0 mismatches against the table;
 * - 10,000 randomised council requests through the gateway: a council's token never reaches another council's
 *   instance (each response names the instance that answered; each instance's audit log names who read it).
 */
const A = { code: 'E10000028', name: 'Staffordshire' };
const B = { code: 'E06000021', name: 'Stoke-on-Trent' };
const SUBGRAPHS: Subgraph[] = ['council', 'registry', 'commissioning', 'analytics'];
const PROVIDER_ID = '11111111-1111-4111-8111-111111111111';
/** A council outside the region (RCC_REGION_COUNCILS and the gateway's RCC_COUNCILS name only A and B). */
const OUTSIDER = 'E09000001';

type Outcome = 'allowed' | 'denied' | 'invalid';
interface Caller {
  name: string;
  /** The role whose policy applies; undefined = must be denied everywhere (bad token). */
  role?: Role | 'anonymous';
  /** A council token used on another council's instance: denied on the council subgraph. */
  foreignCouncil?: boolean;
  /** A valid token of a council outside the region: denied on the council subgraph and on unpublished views. */
  nonMember?: boolean;
  header?: string;
}

const DEV_ISSUER = TEST_ISSUER;
const key = testIssuer().key.privateKey;
const signed = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: testIssuer().key.kid })
    .setSubject('matrix')
    .setIssuedAt();

async function callers(region: TestRegion): Promise<Caller[]> {
  const principal = (role: Role, council = A.code): Principal => ({
    subject: `matrix-${role}`,
    roles: [role],
    ...(role.startsWith('council.') ? { council } : {}),
    ...(role === 'provider.user' ? { provider: PROVIDER_ID } : {}),
  });
  const list: Caller[] = [{ name: 'anonymous', role: 'anonymous' }];
  for (const role of ROLES) {
    list.push({ name: role, role, header: `Bearer ${await region.token(principal(role))}` });
  }
  for (const role of ['council.analyst', 'council.placements'] as const) {
    list.push({
      name: `${role} of ${B.code}`,
      role,
      foreignCouncil: true,
      header: `Bearer ${await region.token(principal(role, B.code))}`,
    });
  }
  // Issue 15: a genuine token of an English council that is not a member (the City of London).
  for (const role of ['council.analyst', 'council.placements'] as const) {
    list.push({
      name: `${role} of non-member ${OUTSIDER}`,
      role,
      nonMember: true,
      header: `Bearer ${await region.token(principal(role, OUTSIDER))}`,
    });
  }
  const hub = { roles: ['hub.commissioner'] };
  const bad: [string, string][] = [
    ['expired', await signed(hub).setIssuer(DEV_ISSUER).setAudience(AUDIENCE).setExpirationTime(1000).sign(key)],
    [
      'forged (another key)',
      await signed(hub)
        .setIssuer(DEV_ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('1h')
        .sign(generateSigningKey().privateKey),
    ],
    ['no expiry', await signed(hub).setIssuer(DEV_ISSUER).setAudience(AUDIENCE).sign(key)],
    [
      'shared secret (HS256)',
      await new SignJWT(hub)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('matrix')
        .setIssuedAt()
        .setIssuer(DEV_ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('an-attacker-secret-of-sufficient-length-000')),
    ],
    [
      'foreign audience',
      await signed(hub).setIssuer(DEV_ISSUER).setAudience('elsewhere').setExpirationTime('1h').sign(key),
    ],
    ['foreign issuer', await signed(hub).setIssuer('evil').setAudience(AUDIENCE).setExpirationTime('1h').sign(key)],
    [
      'unknown role',
      await signed({ roles: ['root'] })
        .setIssuer(DEV_ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('1h')
        .sign(key),
    ],
    [
      'council role without council',
      await signed({ roles: ['council.analyst'] })
        .setIssuer(DEV_ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('1h')
        .sign(key),
    ],
    [
      'alg none',
      `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ roles: ['hub.commissioner'], sub: 'x', iss: DEV_ISSUER, aud: AUDIENCE, exp: 4e9 }),
      ).toString('base64url')}.`,
    ],
    ['malformed', 'not.a.token'],
    ['tampered payload', await tamper(await region.token({ subject: 'p', roles: ['public'] }))],
  ];
  for (const [name, token] of bad) list.push({ name: `bad token: ${name}`, header: `Bearer ${token}` });
  list.push({ name: 'bad token: not a bearer header', header: 'Basic dXNlcjpwYXNz' });
  return list;
}

/** Swaps the payload of a genuine token for one claiming the hub role, keeping the original signature. */
async function tamper(token: string): Promise<string> {
  const [header, , signature] = token.split('.');
  const payload = Buffer.from(
    JSON.stringify({ roles: ['hub.commissioner'], sub: 'x', iss: DEV_ISSUER, aud: AUDIENCE, exp: 4e9 }),
  ).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

async function call(url: string, op: ServedOperation, header?: string): Promise<{ outcome: Outcome; detail: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(header ? { authorization: header } : {}) },
    body: JSON.stringify({ query: op.query, variables: op.variables }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  const errors = body.errors ?? [];
  const detail = `${res.status} ${errors.map((e) => `${e.extensions?.code ?? '-'}: ${e.message}`).join(' | ')}`;
  const codes = errors.map((e) => e.extensions?.code);
  if (res.status === 401 || codes.includes('UNAUTHENTICATED') || codes.includes('FORBIDDEN')) {
    return { outcome: 'denied', detail };
  }
  if (
    codes.includes('GRAPHQL_VALIDATION_FAILED') ||
    codes.includes('GRAPHQL_PARSE_FAILED') ||
    errors.some((e) => /^Variable "\$/.test(e.message))
  ) {
    return { outcome: 'invalid', detail };
  }
  return { outcome: 'allowed', detail };
}

function expected(policyKey: string, caller: Caller, subgraph: Subgraph): Outcome {
  const policy = POLICY_TABLE[policyKey]!;
  if (!caller.role) return 'denied';
  if (policy.allow === 'public') return 'allowed';
  if (caller.role === 'anonymous' || !policy.allow.includes(caller.role)) return 'denied';
  if (caller.nonMember && (policy.membersOnly || subgraph === 'council')) return 'denied';
  return 'allowed';
}

// Six NestJS processes boot at once; on a loaded machine that takes longer than the harness's default minute.
process.env['RCC_TEST_START_TIMEOUT_MS'] ??= '240000';

describe('security: authorization matrix and council routing', () => {
  let region: TestRegion;
  const probes = new Map<Subgraph, ServedOperation[]>();

  beforeAll(async () => {
    region = await startRegion({ councils: [A, B] });
    for (const subgraph of SUBGRAPHS) {
      const url = region.subgraphUrls[subgraph === 'council' ? A.code : subgraph]!;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      const sdl = ((await res.json()) as { data: { _service: { sdl: string } } }).data._service.sdl;
      probes.set(subgraph, probesFromSdl(sdl));
    }
  }, 600_000);

  afterAll(async () => {
    await region?.stop();
  });

  it('has a policy for every served field and entity, and no policy for anything not served', () => {
    const served = [...probes].flatMap(([subgraph, ops]) => ops.map((op) => `${subgraph}: ${op.key}`));
    const missing = served.filter((s) => {
      const [subgraph, k] = s.split(': ') as [Subgraph, string];
      return POLICY_TABLE[k]?.subgraph !== subgraph;
    });
    expect(missing.map((m) => `${m} has no entry in apps/platform-e2e/src/security/policy-table.ts`)).toEqual([]);
    const stale = Object.entries(POLICY_TABLE)
      .filter(([k, p]) => !probes.get(p.subgraph)?.some((op) => op.key === k))
      .map(([k, p]) => `${p.subgraph}: ${k} is in the policy table but not served`);
    expect(stale).toEqual([]);
    // The table is not vacuous: child-level fields exist and are closed to everyone but council staff.
    expect(served.filter((s) => s.startsWith('council: ')).length).toBeGreaterThanOrEqual(5);
  });

  it('every field x every caller, through the gateway and straight to each subgraph: 0 mismatches', async () => {
    const all = await callers(region);
    const mismatches: string[] = [];
    let checked = 0;
    for (const [subgraph, ops] of probes) {
      for (const op of ops) {
        const policyKey = op.key;
        if (!POLICY_TABLE[policyKey]) continue; // reported by the test above
        const probe = POLICY_TABLE[policyKey]!.probe ?? op;
        for (const caller of all) {
          // Straight to the subgraph (for the council subgraph: instance A; a council-B token must be refused there).
          const direct = region.subgraphUrls[subgraph === 'council' ? A.code : subgraph]!;
          const want =
            (caller.foreignCouncil || caller.nonMember) && subgraph === 'council'
              ? 'denied'
              : expected(policyKey, caller, subgraph);
          const got = await call(direct, { ...op, ...probe, key: op.key }, caller.header);
          checked += 1;
          if (got.outcome !== want) {
            mismatches.push(`${subgraph} direct ${policyKey} as ${caller.name}: want ${want}, got ${got.detail}`);
          }
          // Through the gateway: _entities is not part of the public API at all.
          const viaGateway = op.key.startsWith('_entities.') ? 'invalid' : expected(policyKey, caller, subgraph);
          const gw = await call(region.gatewayUrl, { ...op, ...probe, key: op.key }, caller.header);
          checked += 1;
          const gwWant = !caller.role ? 'denied' : viaGateway;
          if (gw.outcome !== gwWant) {
            mismatches.push(`gateway ${policyKey} as ${caller.name}: want ${gwWant}, got ${gw.detail}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(2 * Object.keys(POLICY_TABLE).length * all.length);
  }, 600_000);

  it('10,000 randomised council requests: a council token never reaches another council', async () => {
    const councils = [A.code, B.code];
    const tokens = new Map<string, string>();
    for (const council of councils) {
      for (const role of ['council.analyst', 'council.placements'] as const) {
        tokens.set(`${council}/${role}`, await region.token({ subject: `route-${council}`, roles: [role], council }));
      }
    }
    const outsiders = [
      await region.token({ subject: 'route-hub', roles: ['hub.commissioner'] }),
      await region.token({ subject: 'route-provider', roles: ['provider.user'], provider: PROVIDER_ID }),
      await region.token({ subject: 'route-public', roles: ['public'] }),
    ];
    const request = fc.record({
      council: fc.constantFrom(...councils),
      role: fc.constantFrom('council.analyst', 'council.placements'),
      // About 1 request in 10 carries a hub, provider or public token instead (all must be refused).
      outsider: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat({ max: 2 }) }),
      limit: fc.integer({ min: 1, max: 5 }),
    });
    const requests = fc.sample(request, { numRuns: 10_000, seed: 20261123 });
    const sent = new Map<string, number>(councils.map((c) => [c, 0]));
    const wrong: string[] = [];
    const failed: string[] = [];
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= requests.length) return;
        const r = requests[i]!;
        const outsider = r.outsider === null ? undefined : outsiders[r.outsider];
        const token = outsider ?? tokens.get(`${r.council}/${r.role}`)!;
        const res = await region.gql<{ councilChildren: { councilCode: string } }>(
          `{ councilChildren(limit: ${r.limit}) { councilCode } }`,
          token,
        );
        if (outsider) {
          if (res.data?.councilChildren || res.errors?.[0]?.extensions?.['code'] !== 'FORBIDDEN') {
            wrong.push(`#${i} outsider ${r.outsider}: ${JSON.stringify(res)}`);
          }
        } else if (!res.data?.councilChildren && res.errors?.[0]?.extensions?.['code'] === 'INTERNAL_SERVER_ERROR') {
          failed.push(`#${i} ${r.council}/${r.role}: ${JSON.stringify(res.errors)}`); // not a routing outcome
        } else if (res.data?.councilChildren?.councilCode !== r.council) {
          wrong.push(`#${i} ${r.council}/${r.role}: ${JSON.stringify(res)}`);
        } else {
          sent.set(r.council, sent.get(r.council)! + 1);
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    if (failed.length > 0) {
      // Each internal error names a ref that the service which raised it logged with the stack: show those lines.
      const logs = region.logs().split('\n');
      const refs = failed.flatMap((f) => [...f.matchAll(/ref ([0-9a-f-]{36})/g)].map((m) => m[1]!));
      const logged = logs.flatMap((line, n) => (refs.some((ref) => line.includes(ref)) ? logs.slice(n, n + 12) : []));
      console.warn(`routing: ${failed.length} internal errors:\n${failed.join('\n')}\n${logged.join('\n')}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    // None allowed: each one above is printed with its body and the stack its service logged under the error's ref.
    expect(failed).toEqual([]);
    // Each instance's own audit log: only its own council's users read there, once per answered request.
    for (const council of councils) {
      const rows = await sql<{ subject: string; n: number }>(
        region.databases[council]!.url,
        `SELECT subject, count(*)::int AS n FROM audit_log WHERE operation = 'children' AND subject LIKE 'route-%' GROUP BY subject`,
      );
      expect(rows.map((r) => r.subject)).toEqual([`route-${council}`]);
      expect(rows[0]!.n).toBe(sent.get(council)!);
    }
    expect([...sent.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(8000);
  }, 1_200_000);

  it('fuzzed GraphQL inputs and documents: every service lives, nothing is written, every error is clear', async () => {
    const tables = async () => {
      const counts: Record<string, number> = {};
      for (const [name, db] of Object.entries(region.databases)) {
        const rows = await sql<{ t: string; n: number }>(
          db.url,
          `SELECT relname AS t, n_tup_ins::int AS n FROM pg_stat_user_tables WHERE relname <> 'audit_log'`,
        );
        for (const r of rows) counts[`${name}.${r.t}`] = r.n;
      }
      return counts;
    };
    const before = await tables();
    const mutations = [...probes].flatMap(([, ops]) => ops.filter((op) => op.key.startsWith('Mutation.')));
    expect(mutations.length).toBeGreaterThanOrEqual(5);
    const tokenFor = async (policyKey: string) => {
      const allow = POLICY_TABLE[policyKey]!.allow;
      const role = allow === 'public' ? 'hub.commissioner' : allow[0]!;
      return region.token({
        subject: 'fuzz',
        roles: [role],
        ...(role.startsWith('council.') ? { council: A.code } : {}),
        ...(role === 'provider.user' ? { provider: PROVIDER_ID } : {}),
      });
    };
    const junk = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.constant('x'.repeat(100_000)),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 6 }),
      ),
    })).value;
    /** A copy of `value` with one leaf replaced by a value of a type GraphQL cannot coerce to the leaf's type. */
    const corrupt = (value: unknown, at: number, kind: number, pick: number): unknown => {
      const leaves: string[][] = [];
      const walk = (v: unknown, path: string[]) => {
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          for (const [k, inner] of Object.entries(v)) walk(inner, [...path, k]);
        } else leaves.push(path);
      };
      walk(value, []);
      const path = leaves[at % leaves.length]!;
      const copy = structuredClone(value) as Record<string, unknown>;
      let parent = copy;
      for (const k of path.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
      const leaf = parent[path[path.length - 1]!];
      const wrong: unknown[] =
        typeof leaf === 'string'
          ? [true, { nested: 'x' }, [[1]], null, 1.5]
          : typeof leaf === 'number'
            ? ['1', true, { n: 1 }, null, 2.5]
            : typeof leaf === 'boolean'
              ? ['true', 1, { b: true }, null]
              : Array.isArray(leaf)
                ? [7, true, [[{ deep: 1 }]], null]
                : ['x', 1, null];
      parent[path[path.length - 1]!] = wrong[(kind + pick) % wrong.length];
      return copy;
    };
    const problems: string[] = [];
    let calls = 0;
    const check = (what: string, res: { status: number; body: { data?: unknown; errors?: unknown[] } }) => {
      calls += 1;
      const errors = (res.body.errors ?? []) as { message?: string; extensions?: { code?: string } }[];
      const data = res.body.data as Record<string, unknown> | null | undefined;
      const wrote = data && Object.values(data).some((v) => v !== null);
      if (res.status >= 500) problems.push(`${what}: HTTP ${res.status}`);
      else if (wrote) problems.push(`${what}: accepted ${JSON.stringify(data).slice(0, 200)}`);
      else if (res.status === 400 && typeof (res.body as { message?: unknown }).message === 'string') {
        // The JSON body parser's refusal of a body that is not a JSON object or array: clear, and not GraphQL's.
      } else if (errors.length === 0 || errors.some((e) => !e.message || e.message.length < 5)) {
        problems.push(`${what}: no clear error ${JSON.stringify(res.body).slice(0, 200)}`);
      } else if (errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) {
        problems.push(`${what}: internal error ${JSON.stringify(errors).slice(0, 300)}`);
      }
    };
    const post = async (url: string, body: unknown, token: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return {
        status: res.status,
        body: (await res.json().catch(() => ({}))) as { data?: unknown; errors?: unknown[] },
      };
    };
    for (const op of mutations) {
      const token = await tokenFor(op.key);
      const variables = fc.sample(
        fc.oneof(
          // Junk in place of the whole variables object.
          junk.filter((v) => !(v && typeof v === 'object' && !Array.isArray(v))),
          // The right shape with one value of the wrong type somewhere inside (GraphQL must refuse it).
          fc
            .tuple(fc.nat(), fc.nat(), fc.nat())
            .map(([at, kind, pick]) => corrupt(op.variables, at, kind, pick) as Record<string, unknown>),
        ),
        { numRuns: 40, seed: 8 },
      );
      for (const v of variables) {
        check(`${op.key} via gateway`, await post(region.gatewayUrl, { query: op.query, variables: v }, token));
      }
    }
    const documents = fc.sample(
      fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.constantFrom(
          '{',
          'mutation { importSsda903 }',
          '{ councilChildren(limit: "x") { total } }',
          '{ __proto__ }',
        ),
        fc.string({ unit: 'binary', maxLength: 200 }).map((s) => `{ councilChildren ${s} }`),
      ),
      { numRuns: 100, seed: 9 },
    );
    const analyst = await tokenFor('Query.councilChildren');
    for (const query of documents) check('malformed document', await post(region.gatewayUrl, { query }, analyst));
    for (const body of [[], 42, 'text', null, { query: 7 }, { query: '{ __typename }', variables: 'x' }]) {
      check(`malformed body ${JSON.stringify(body)}`, await post(region.gatewayUrl, body, analyst));
    }

    for (const s of region.services) {
      const res = await fetch(`${s.url}/health`);
      if (!res.ok) problems.push(`${s.name} is not healthy after fuzzing`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000)); // table statistics are flushed within a second
    const after = await tables();
    const written = Object.keys(after).filter((k) => after[k] !== before[k]);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(written).toEqual([]);
    expect(calls).toBeGreaterThan(300);
  }, 600_000);

  // Issue 15, scoping by caller. After the fuzzing (which asserts nothing is written): these tests write.
  describe('scoping by caller, not by argument', () => {
    let settings: { urn: string; providerId: string }[];
    const hubToken = () => region.token({ subject: 'scope-hub', roles: ['hub.commissioner'] });
    const providerToken = (provider: string) =>
      region.token({ subject: `scope-${provider}`, roles: ['provider.user'], provider });

    beforeAll(async () => {
      const hub = await hubToken();
      const imported = await region.gql(
        `mutation($input: ImportProvidersInput!) { importProviders(input: $input) { rows } }`,
        hub,
        {
          input: {
            files: [
              {
                name: 'providers.csv',
                content: readFileSync(join(repoRoot(), 'infra/demo/providers/providers.csv'), 'utf8'),
              },
            ],
          },
        },
      );
      expect(imported.errors).toBeUndefined();
      settings = (
        await region.gql<{ settings: { urn: string; providerId: string }[] }>('{ settings { urn providerId } }', hub)
      ).data!.settings;
    }, 120_000);

    const twoProviders = () => {
      const mine = settings[0]!;
      const theirs = settings.find((s) => s.providerId !== mine.providerId)!;
      return { mine, theirs };
    };

    it('_entities answers a provider with its own settings only, as setting(urn) does', async () => {
      const { mine, theirs } = twoProviders();
      const token = await providerToken(mine.providerId);
      const registry = region.subgraphUrls['registry']!;
      const entities = await graphqlRequest<{ _entities: ({ urn: string; providerId: string } | null)[] }>(
        registry,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Setting { urn providerId } } }',
        {
          token,
          variables: { r: [mine, theirs].map((s) => ({ __typename: 'Setting', urn: s.urn })) },
        },
      );
      expect(entities.data?._entities).toEqual([{ urn: mine.urn, providerId: mine.providerId }, null]);
      const direct = await graphqlRequest<{ setting: unknown }>(registry, `{ setting(urn: "${theirs.urn}") { urn } }`, {
        token,
      });
      expect(direct.data?.setting).toBeNull();
      // The hub and councils resolve any setting (Ofsted's public facts).
      const hub = await graphqlRequest<{ _entities: unknown[] }>(
        registry,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Setting { urn } } }',
        { token: await hubToken(), variables: { r: [{ __typename: 'Setting', urn: theirs.urn }] } },
      );
      expect(hub.data?._entities).toEqual([{ urn: theirs.urn }]);
    });

    it("refuses a bid naming another provider's setting, straight to commissioning and through the gateway", async () => {
      const { mine, theirs } = twoProviders();
      const token = await providerToken(mine.providerId);
      const submit = `mutation($input: SubmitBidInput!) { submitBid(input: $input) { id } }`;
      const input = (urn: string) => ({
        lotId: randomUUID(),
        settingUrns: [urn],
        beds: 1,
        weeklyPricePerBedPence: 500_000,
        startDate: '2030-01-01',
        qualityAnswers: [],
      });
      for (const url of [region.subgraphUrls['commissioning']!, region.gatewayUrl]) {
        const foreign = await graphqlRequest(url, submit, { token, variables: { input: input(theirs.urn) } });
        expect(foreign.errors?.[0]?.extensions?.['code']).toBe('SETTING_NOT_YOURS');
        expect(foreign.errors?.[0]?.message).toBe(
          `a bid may name only your own provider's settings; not yours: ${theirs.urn}`,
        );
        // Its own setting passes the check and meets the next one (no such lot).
        const own = await graphqlRequest(url, submit, { token, variables: { input: input(mine.urn) } });
        expect(own.errors?.[0]?.extensions?.['code']).toBe('LOT_NOT_FOUND');
      }
    });

    it('never shows one council a contract (cost, void cost) only another council takes part in', async () => {
      const contractId = randomUUID();
      await sql(
        region.databases['analytics']!.url,
        `INSERT INTO market_contract (contract_id, provider_id, setting_urns, placement_category, beds,
           weekly_price_per_bed_pence, start_date, end_date, shares)
         VALUES ($1, $2, '["SC000001"]', 'residential', 2, 450000, '2024-01-01', '2099-12-31', $3)`,
        [contractId, randomUUID(), JSON.stringify([{ councilCode: B.code, basisPoints: 10_000 }])],
      );
      const Q = '{ blockContractUtilisation { contractId costPence voidCostPence } }';
      const seenBy = async (principal: Principal) =>
        (
          await region.gql<{ blockContractUtilisation: { contractId: string }[] }>(Q, await region.token(principal))
        ).data?.blockContractUtilisation.map((c) => c.contractId);
      expect(await seenBy({ subject: 's', roles: ['council.analyst'], council: A.code })).not.toContain(contractId);
      expect(await seenBy({ subject: 's', roles: ['council.placements'], council: A.code })).not.toContain(contractId);
      expect(await seenBy({ subject: 's', roles: ['council.analyst'], council: B.code })).toContain(contractId);
      expect(await seenBy({ subject: 'h', roles: ['hub.commissioner'] })).toContain(contractId);
      // A council outside the region sees none of it, whatever it asks for.
      const outsider = await region.gql(
        Q,
        await region.token({ subject: 'o', roles: ['council.analyst'], council: OUTSIDER }),
      );
      expect(outsider.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      expect(outsider.errors?.[0]?.message).toMatch(/^E09000001 is not a member council of this region/);
    });
  });
});
