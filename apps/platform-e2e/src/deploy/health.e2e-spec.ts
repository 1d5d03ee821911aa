import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { RELAY_LOCK } from '@rcc/messaging';
import { sql, waitFor, type SpawnedService, type TestDatabase, startService } from '@rcc/testing';
import { oneServiceGateway } from './one-service-gateway.js';

/**
 * Liveness and readiness on real PostgreSQL and Kafka (docs/adr/0039): a subgraph is ready once its database answers,
 * its Kafka consumer has joined its group and its outbox drains; an outbox that stops draining makes it unready (and
 * ready again once it drains); the gateway is unready while a subgraph is down, and stays live.
 */
describe('health: liveness and readiness', () => {
  let db: TestDatabase;
  let commissioning: SpawnedService;
  let gateway: SpawnedService;
  const get = async (url: string) => {
    const res = await fetch(url);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    ({ db, service: commissioning } = await startService('commissioning', 'health', {
      topicPrefix: `hlth${randomUUID().slice(0, 8)}.`,
      env: { RCC_REGION_COUNCILS: 'E10000028,E06000021', RCC_READY_OUTBOX_MAX_AGE_SECONDS: '60' },
    }));
    // Every route of this gateway points at the one commissioning instance: enough to see readiness follow it.
    gateway = await oneServiceGateway(commissioning.graphqlUrl);
  }, 180_000);

  afterAll(async () => {
    await gateway?.stop();
    await commissioning?.stop();
    await db?.drop();
  });

  it('a subgraph is live, and ready once its database answers, its consumer joined and its outbox drains', async () => {
    expect((await get(`${commissioning.url}/health/live`)).status).toBe(200);
    const ready = await waitFor(async () => {
      const r = await get(`${commissioning.url}/health/ready`);
      return r.status === 200 ? r : undefined;
    }, 'commissioning to be ready');
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: {
        database: { status: 'up' },
        consumer: { status: 'up', membership: 'joined' },
        outbox: { status: 'up', backlog: 0, limitSeconds: 60 },
      },
    });
  }, 120_000);

  it('an outbox that stopped draining makes it unready; it is ready again once the outbox drains', async () => {
    const relayBlocker = new pg.Client({ connectionString: db.url });
    await relayBlocker.connect();
    try {
      // Hold the relay's own lock: every relay pass now finds the outbox busy and publishes nothing.
      await relayBlocker.query('SELECT pg_advisory_lock($1)', [RELAY_LOCK]);
      await sql(
        db.url,
        `INSERT INTO outbox (event_id, topic, event_key, event_type, envelope, created_at)
         VALUES ($1, 'rcc.commissioning.contract', 'k', 'test.stuck', '{}'::jsonb, now() - interval '10 minutes')`,
        [randomUUID()],
      );
      const unready = await get(`${commissioning.url}/health/ready`);
      expect(unready.status).toBe(503);
      expect(unready.body).toMatchObject({
        status: 'error',
        error: { outbox: { status: 'down', backlog: 1, message: 'the outbox is not draining' } },
      });
      expect((await get(`${commissioning.url}/health/live`)).status).toBe(200);
    } finally {
      await relayBlocker.query('SELECT pg_advisory_unlock($1)', [RELAY_LOCK]);
      await relayBlocker.end();
    }
    await waitFor(
      async () => (await get(`${commissioning.url}/health/ready`)).status === 200,
      'the relay to drain the outbox and commissioning to be ready again',
    );
    expect(await sql(db.url, 'SELECT 1 FROM outbox WHERE published_at IS NULL')).toEqual([]);
  }, 120_000);

  it('the gateway is ready while its subgraphs are, and unready (still live) when one is down', async () => {
    const ready = await get(`${gateway.url}/health/ready`);
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok', subgraphs: { commissioning: 'up' } } });
    await commissioning.stop();
    const unready = await get(`${gateway.url}/health/ready`);
    expect(unready.status).toBe(503);
    expect(unready.body).toMatchObject({
      status: 'error',
      subgraphs: { commissioning: 'unreachable', registry: 'unreachable', 'council:E10000028': 'unreachable' },
    });
    expect((await get(`${gateway.url}/health/live`)).status).toBe(200);
  }, 60_000);
});
