import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildSchema, parse, validate } from 'graphql';
import { generateSigningKey, issueToken, jwksOf } from '@rcc/auth';
import { queryLimitsRule, repoRoot, type RunningService } from '@rcc/platform';
import { freePort, testToken, testTrustEnv } from '@rcc/testing';
import { bootstrap } from '../main.js';

/**
 * The gateway's limits, on a real gateway process-in-test composed from the committed supergraph, in front of fake
 * subgraphs that record what reaches them: a refused operation must never reach a subgraph. Both engines
 * (RCC_GATEWAY_ENGINE, docs/adr/0048) must behave alike.
 */
interface Call {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } & Record<string, unknown>;
}

/** A production hub issuer: its public keys in a local JWKS file (production refuses inline keys and http://). */
const PROD_ISSUER = { issuer: 'https://id.hub.example', key: generateSigningKey('hub-1') };

describe.each(['hive', 'apollo'])('gateway limits (%s engine)', (engine) => {
  let subgraph: Server;
  let stoke: Server;
  const received: string[] = [];
  const seen: { server: string; authorization?: string; requestId?: string }[] = [];
  const stub = (name: string) =>
    createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push(body);
        seen.push({
          server: name,
          authorization: req.headers['authorization'],
          requestId: req.headers['x-request-id'] as string | undefined,
        });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { tenders: [], councilChildren: { total: 0 } } }));
      });
    });
  const listen = async (server: Server) => {
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${port}/graphql`;
  };
  let dev: RunningService;
  let prod: RunningService;
  let limited: RunningService;

  const post = async (url: string, body: unknown, token?: string): Promise<Call> => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) as Call['body'] };
  };
  const codes = (c: Call) => (c.body.errors ?? []).map((e) => e.extensions?.code);

  beforeAll(async () => {
    subgraph = stub('shared');
    stoke = stub('stoke');
    const url = await listen(subgraph);
    const stokeUrl = await listen(stoke);
    const common = {
      RCC_GATEWAY_ENGINE: engine,
      RCC_SUBGRAPHS: `registry=${url},commissioning=${url},analytics=${url}`,
      RCC_COUNCILS: `E10000028=${url},E06000021=${stokeUrl}`,
      RCC_MAX_QUERY_DEPTH: '3',
      RCC_MAX_ALIASES: '5',
      RCC_MAX_QUERY_COST: '200',
      RCC_MAX_QUERY_CHARS: '2000',
      RCC_MAX_REQUEST_BYTES: '20000',
    };
    const quiet = { shutdownHooks: false, logLevels: [] };
    const prodJwks = join(mkdtempSync(join(tmpdir(), 'rcc-gw-')), 'jwks.json');
    writeFileSync(prodJwks, JSON.stringify(jwksOf(PROD_ISSUER.key)));
    dev = await bootstrap({ ...common, RCC_ENV: 'test', ...testTrustEnv(), PORT: String(await freePort()) }, quiet);
    prod = await bootstrap(
      {
        ...common,
        RCC_ENV: 'production',
        RCC_TRUSTED_ISSUERS: JSON.stringify([{ issuer: PROD_ISSUER.issuer, jwks: prodJwks, hub: true }]),
        PORT: String(await freePort()),
      },
      quiet,
    );
    limited = await bootstrap(
      {
        ...common,
        RCC_ENV: 'test',
        ...testTrustEnv(),
        PORT: String(await freePort()),
        RCC_RATE_LIMIT_PER_PRINCIPAL: '2',
        RCC_RATE_LIMIT_PER_ADDRESS: '2',
      },
      quiet,
    );
  });

  afterAll(async () => {
    await dev?.close();
    await prod?.close();
    await limited?.close();
    await new Promise((resolve) => subgraph?.close(resolve));
    await new Promise((resolve) => stoke?.close(resolve));
  });

  it("forwards the caller's own token and request id, and routes a council user to that council's instance", async () => {
    const token = await testToken({ subject: 'a', roles: ['council.analyst'], council: 'E06000021' });
    const before = seen.length;
    const res = await fetch(`${dev.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-request-id': 'req-forward-1',
      },
      body: JSON.stringify({ query: '{ councilChildren { total } }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('req-forward-1');
    expect(((await res.json()) as Call['body']).data).toEqual({ councilChildren: { total: 0 } });
    expect(seen.slice(before)).toEqual([
      { server: 'stoke', authorization: `Bearer ${token}`, requestId: 'req-forward-1' },
    ]);
    // A council with no instance in this region is refused, and nothing is sent anywhere.
    const elsewhere = await testToken({ subject: 'b', roles: ['council.analyst'], council: 'E09000001' });
    const refused = await post(dev.url, { query: '{ councilChildren { total } }' }, elsewhere);
    expect(refused.body.errors?.[0]?.message).toMatch(/no council instance is configured for E09000001/);
    expect(seen.length).toBe(before + 1);
  });

  it('passes an ordinary query to the subgraph', async () => {
    const token = await testToken({ subject: 'h', roles: ['hub.commissioner'] });
    const before = received.length;
    const call = await post(dev.url, { query: '{ tenders { id title } }' }, token);
    expect(call.body.errors).toBeUndefined();
    expect(call.body.data).toEqual({ tenders: [] });
    expect(received.length).toBe(before + 1);
  });

  it('refuses too many aliases, too deep, too costly, before any subgraph sees them', async () => {
    const before = received.length;
    const aliases = `{ ${Array.from({ length: 6 }, (_, i) => `t${i}: tenders { id }`).join(' ')} }`;
    const tooManyAliases = await post(dev.url, { query: aliases });
    expect(tooManyAliases.body.errors?.[0]?.message).toBe('6 aliases exceed the limit of 5');
    // Aliases hidden in fragments count too.
    const viaFragment = await post(dev.url, {
      query: `{ ...F } fragment F on Query { ${Array.from({ length: 6 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
    });
    expect(viaFragment.body.errors?.[0]?.message).toBe('6 aliases exceed the limit of 5');

    const tooDeep = await post(dev.url, { query: '{ demandProfile { cells { value { display } } } }' });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.errors?.[0]?.message).toBe('query depth 4 exceeds the limit of 3');

    // councilChildren(limit: 100) { children { ... } }: 100 items below the page; far over a cost of 200.
    const costly = await post(dev.url, {
      query: '{ councilChildren(limit: 100) { total items { childId sex dateOfBirth } } }',
    });
    expect(costly.status).toBe(400);
    expect(costly.body.errors?.[0]?.message).toMatch(/^query cost \d+ exceeds the limit of 200$/);
    expect(codes(costly)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(received.length).toBe(before);
  });

  it('refuses batches, oversized documents and oversized bodies with a clear reason', async () => {
    const before = received.length;
    const batch = await post(dev.url, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(batch.status).toBe(400);
    expect(batch.body.errors?.[0]?.message).toBe('batched requests are not accepted: send one operation per request');

    const longQuery = `{ __typename ${' '.repeat(2100)} }`;
    const long = await post(dev.url, { query: longQuery });
    expect(long.status).toBe(400);
    expect(long.body.errors?.[0]?.message).toBe(`a query of ${longQuery.length} characters exceeds the limit of 2000`);

    const res = await fetch(`${dev.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(30_000) } }),
    });
    expect(res.status).toBe(413);
    expect(received.length).toBe(before);
  });

  it('limits each caller per principal and anonymous callers per address: 429 with a clear error', async () => {
    const before = received.length;
    const a = await testToken({ subject: 'a', roles: ['hub.commissioner'] });
    const b = await testToken({ subject: 'b', roles: ['hub.commissioner'] });
    const query = { query: '{ tenders { id } }' };
    expect((await post(limited.url, query, a)).status).toBe(200);
    expect((await post(limited.url, query, a)).status).toBe(200);
    const over = await post(limited.url, query, a);
    expect(over.status).toBe(429);
    expect(codes(over)).toEqual(['RATE_LIMITED']);
    expect(over.body.errors?.[0]?.message).toMatch(/too many requests from this caller: try again in \d+ s$/);
    // Another principal has its own bucket.
    expect((await post(limited.url, query, b)).status).toBe(200);
    // Anonymous callers share their address's bucket.
    const typename = { query: '{ __typename }' };
    expect((await post(limited.url, typename)).status).toBe(200);
    expect((await post(limited.url, typename)).status).toBe(200);
    const anon = await post(limited.url, typename);
    expect(anon.status).toBe(429);
    expect(anon.body.errors?.[0]?.message).toMatch(/^too many requests from this address: try again in \d+ s$/);
    // Refused requests never reached a subgraph: 3 accepted calls to tenders.
    expect(received.length).toBe(before + 3);
  });

  it('serves introspection in test mode and refuses it in production mode', async () => {
    const introspect = { query: '{ __schema { queryType { name } } }' };
    expect((await post(dev.url, introspect)).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const refused = await post(prod.url, introspect);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.[0]?.message).toMatch(/introspection/i);
    const typeProbe = await post(prod.url, { query: '{ __type(name: "Child") { fields { name } } }' });
    expect(typeProbe.body.data).toBeUndefined();
    // Production still serves ordinary queries (with production tokens).
    const token = await issueToken({ subject: 'h', roles: ['hub.commissioner'] }, PROD_ISSUER);
    expect((await post(prod.url, { query: '{ tenders { id } }' }, token)).body.data).toEqual({ tenders: [] });
    // ...and refuses the test issuer's tokens.
    const devToken = await testToken({ subject: 'h', roles: ['hub.commissioner'] });
    expect(codes(await post(prod.url, { query: '{ tenders { id } }' }, devToken))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('cost and alias rules against the committed supergraph', () => {
  const sdl = readFileSync(join(repoRoot(), 'apps/gateway/supergraph.graphql'), 'utf8');
  // The API schema the gateway validates against: the supergraph without its join/link machinery.
  const schema = buildSchema(sdl, { assumeValidSDL: true });
  const NO_LIMIT = 1e9;
  const costLimit = (maxCost: number) => queryLimitsRule({ maxDepth: NO_LIMIT, maxAliases: NO_LIMIT, maxCost });
  const aliasLimit = (maxAliases: number) => queryLimitsRule({ maxDepth: NO_LIMIT, maxAliases, maxCost: NO_LIMIT });
  const errorsOf = (query: string, rule: ReturnType<typeof costLimit>) =>
    validate(schema, parse(query), [rule]).map((e) => e.message);

  it('multiplies below lists by the limit argument, its default, or the assumed size', () => {
    expect(errorsOf('{ councilChildren(limit: 10) { total } }', costLimit(1000))).toEqual([]);
    // 1 (councilChildren) + 1 (items) + 10 items x 1 (childId): the page's limit sizes the list below it.
    expect(errorsOf('{ councilChildren(limit: 10) { items { childId } } }', costLimit(11))).toEqual([
      'query cost 12 exceeds the limit of 11',
    ]);
    // Without a limit argument, the declared default (50) applies.
    expect(errorsOf('{ councilChildren { items { childId } } }', costLimit(51))).toEqual([
      'query cost 52 exceeds the limit of 51',
    ]);
    expect(errorsOf('{ tenders { id title } }', costLimit(40))).toEqual(['query cost 41 exceeds the limit of 40']);
  });

  it('counts aliases through fragments, once per spread', () => {
    expect(errorsOf('{ a: __typename b: __typename }', aliasLimit(2))).toEqual([]);
    expect(errorsOf('{ a: __typename ...F } fragment F on Query { b: __typename }', aliasLimit(2))).toEqual([]);
    expect(errorsOf('{ a: __typename ...F ...F } fragment F on Query { b: __typename }', aliasLimit(2))).toEqual([
      '3 aliases exceed the limit of 2',
    ]);
    expect(errorsOf('{ a: __typename b: __typename c: __typename }', aliasLimit(2))).toEqual([
      '3 aliases exceed the limit of 2',
    ]);
  });
});
