import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { baseEnv, freePort, spawnService, useService, waitFor, type SpawnedService } from '@rcc/testing';
import { oneServiceGateway } from './one-service-gateway.js';

/**
 * Structured logs (docs/adr/0039): JSON lines, the request id accepted from and returned in x-request-id, one access
 * line per request, denied requests at warn, and nothing of the request's content (query strings, tokens) logged.
 */
describe('structured logs and request ids', () => {
  const commissioning = useService('commissioning', 'logging', {
    topicPrefix: `logs${randomUUID().slice(0, 8)}.`,
    env: { RCC_LOG_FORMAT: 'json', RCC_REGION_COUNCILS: 'E10000028,E06000021' },
  });
  let gateway: SpawnedService;
  let web: SpawnedService;
  const lines = (s: SpawnedService) =>
    s
      .logs()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    gateway = await oneServiceGateway(commissioning.graphqlUrl, { RCC_LOG_FORMAT: 'json' });
    web = await spawnService('web', {
      ...baseEnv(),
      RCC_LOG_FORMAT: 'json',
      PORT: String(await freePort()),
      RCC_GATEWAY_URL: gateway.graphqlUrl,
      RCC_WEB_COUNCILS: 'E10000028=Staffordshire',
    });
  }, 900_000);

  afterAll(async () => {
    await web?.stop();
    await gateway?.stop();
  });

  it("writes the service's own log lines as JSON", () => {
    const started = lines(commissioning.service).filter((l) => l['service'] === 'commissioning');
    expect(started.length).toBeGreaterThan(3);
    for (const l of started) expect(Object.keys(l)).toEqual(expect.arrayContaining(['level', 'time', 'msg']));
    expect(commissioning.logs()).not.toContain('\u001b[32m'); // no colours
  });

  it('returns the caller request id, or a fresh one for none or an unsafe one, and logs each request once', async () => {
    const given = `req-${randomUUID()}`;
    const res = await fetch(`${commissioning.url}/health/live?secret=do-not-log-me`, {
      headers: { 'x-request-id': given },
    });
    expect(res.headers.get('x-request-id')).toBe(given);
    const fresh = (await fetch(`${commissioning.url}/health/live`)).headers.get('x-request-id');
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await fetch(`${commissioning.url}/health/live`, { headers: { 'x-request-id': 'a b"}{' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const access = await waitFor(
      async () => lines(commissioning.service).find((l) => l['requestId'] === given),
      'the access line of the request',
    );
    expect(access).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/health/live', status: 200 });
    expect(lines(commissioning.service).filter((l) => l['requestId'] === given)).toHaveLength(1);
    expect(commissioning.logs()).not.toContain('do-not-log-me');
  });

  it('logs a denied request at warn, without its token', async () => {
    const token = `forged.${randomUUID()}.token`;
    const given = `denied-${randomUUID()}`;
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': given },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toBe(given);
    const denied = await waitFor(
      async () => lines(gateway).find((l) => l['requestId'] === given),
      'the denied request to be logged',
    );
    expect(denied).toMatchObject({ level: 'warn', msg: 'request denied', status: 401, path: '/graphql' });
    expect(gateway.logs()).not.toContain(token);
  });

  it('the web app logs JSON lines too, with the request id it returns', async () => {
    const given = `web-${randomUUID()}`;
    const res = await fetch(`${web.url}/?q=do-not-log-me-either`, { headers: { 'x-request-id': given } });
    expect(res.headers.get('x-request-id')).toBe(given);
    const access = await waitFor(
      async () => lines(web).find((l) => l['requestId'] === given && l['msg'] === 'request'),
      'the web access line',
    );
    expect(access).toMatchObject({ service: 'web', level: 'info', method: 'GET', path: '/', status: res.status });
    expect(lines(web).filter((l) => l['service'] === 'web').length).toBeGreaterThan(1);
    expect(web.logs()).not.toContain('do-not-log-me-either');
    expect(web.logs()).not.toContain('\u001b[32m');
  });
});
