import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, type EntityManager } from 'typeorm';
import { NeedSnapshotV1Event, TOPICS, type EventEnvelope, type NeedSnapshotV1 } from '@rcc/contracts';
import {
  CORRELATION_HEADER,
  enqueueEvent,
  InboxConsumer,
  type KafkaEventBus,
  MessagingRetention,
  MessagingRetention1765001946000,
  MessagingTables1763769600000,
  OutboxTraceHeaders1796538264000,
  OutboxRelay,
  withCorrelation,
  type BusMessage,
  type EventHandler,
} from '@rcc/messaging';
import { waitFor, type TestDatabase, migratedDataSource } from '@rcc/testing';
import { needTopicBus, tearDown } from './messaging-rig.js';

const snapshot = (councilCode: string, total: number): NeedSnapshotV1 => ({
  councilCode,
  asAt: '2021-03-31',
  total,
  cells: [{ category: 'fostering', ageBand: '5-9', count: total }],
});

/** Handles a snapshot by writing a follow-up event (as a hub service does): it must join the same chain. */
class FollowUpHandler implements EventHandler<NeedSnapshotV1> {
  readonly definition = NeedSnapshotV1Event;
  async handle(envelope: EventEnvelope<NeedSnapshotV1>, em: EntityManager): Promise<void> {
    if (envelope.payload.total >= 100) return;
    await enqueueEvent(em, NeedSnapshotV1Event, {
      producer: 'test:follow-up',
      tenant: null,
      key: envelope.key,
      payload: snapshot(envelope.payload.councilCode, envelope.payload.total + 100),
    });
  }
}

describe('messaging operations on real PostgreSQL and Kafka (ADR 0045, 0046)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let bus: KafkaEventBus;
  let relay: OutboxRelay;
  let consumer: InboxConsumer;
  const seen: BusMessage[] = [];

  const outbox = async () =>
    (await dataSource.query(`SELECT envelope FROM outbox ORDER BY seq`)) as {
      envelope: EventEnvelope<NeedSnapshotV1>;
    }[];

  beforeAll(async () => {
    ({ db, dataSource } = await migratedDataSource('messaging_ops', [
      MessagingTables1763769600000,
      MessagingRetention1765001946000,
      OutboxTraceHeaders1796538264000,
    ]));
    bus = await needTopicBus('rcc-test', 'ops');
    await bus.subscribe({ groupId: `rcc.test.watch.${randomUUID()}`, topics: [TOPICS.councilNeed] }, async (m) => {
      seen.push(m);
    });
    relay = new OutboxRelay(dataSource, bus, { intervalMs: 50 });
    relay.start();
    consumer = new InboxConsumer(dataSource, bus, {
      consumer: 'ops-test',
      groupId: `rcc.test.${randomUUID()}`,
      handlers: [new FollowUpHandler()],
    });
    await consumer.start();
  }, 120_000);

  afterAll(() => tearDown({ consumer, relay, bus, dataSource, db }));

  it('carries a correlation id from the outbox row through Kafka to the events written while handling it', async () => {
    const chain = `chain-${randomUUID()}`;
    await withCorrelation(chain, () =>
      dataSource.transaction((em) =>
        enqueueEvent(em, NeedSnapshotV1Event, {
          producer: 'test',
          tenant: 'E10000028',
          key: 'E10000028',
          payload: snapshot('E10000028', 7),
        }),
      ),
    );
    // Outside any context: a chain of its own.
    await dataSource.transaction((em) =>
      enqueueEvent(em, NeedSnapshotV1Event, {
        producer: 'test',
        tenant: 'E06000021',
        key: 'E06000021',
        payload: snapshot('E06000021', 3),
      }),
    );
    relay.nudge();
    const rows = await waitFor(async () => {
      const all = await outbox();
      return all.length === 4 ? all : undefined;
    }, 'both follow-up events in the outbox');
    const byTotal = new Map(rows.map((r) => [r.envelope.payload.total, r.envelope.correlationId]));
    expect(byTotal.get(7)).toBe(chain);
    expect(byTotal.get(107)).toBe(chain);
    expect(byTotal.get(3)).toMatch(/^[0-9a-f-]{36}$/);
    expect(byTotal.get(103)).toBe(byTotal.get(3));

    const messages = await waitFor(async () => (seen.length >= 4 ? seen : undefined), 'four messages on the topic');
    const headerOf = (total: number) =>
      messages.find((m) => (JSON.parse(m.value) as EventEnvelope<NeedSnapshotV1>).payload.total === total)?.headers?.[
        CORRELATION_HEADER
      ];
    expect(headerOf(7)).toBe(chain);
    expect(headerOf(107)).toBe(chain);
    expect(headerOf(103)).toBe(byTotal.get(3));
  }, 120_000);

  it('sweeps published outbox rows and old inbox rows in batches, never an unpublished row', async () => {
    await relay.stop();
    await dataSource.query(`DELETE FROM outbox`);
    await dataSource.query(`DELETE FROM inbox`);
    // 5 published long ago, 1 published recently, 2 never published though old; inbox: 5 old, 1 recent.
    await dataSource.query(
      `INSERT INTO outbox (event_id, topic, event_key, event_type, envelope, created_at, published_at)
       SELECT gen_random_uuid(), 't', 'k', 'x.v1', '{}', now() - interval '30 days',
              CASE WHEN n <= 5 THEN now() - interval '8 days' WHEN n = 6 THEN now() - interval '1 hour' END
         FROM generate_series(1, 8) AS n`,
    );
    await dataSource.query(
      `INSERT INTO inbox (consumer, event_id, topic, event_type, outcome, processed_at)
       SELECT 'c', gen_random_uuid(), 't', 'x.v1', 'processed',
              CASE WHEN n <= 5 THEN now() - interval '15 days' ELSE now() - interval '13 days' END
         FROM generate_series(1, 6) AS n`,
    );
    const retention = new MessagingRetention(dataSource, { batchSize: 2 });
    expect(await retention.sweep()).toEqual({ outbox: 5, inbox: 5 });
    const left = (await dataSource.query(
      `SELECT count(*)::int AS n, count(published_at)::int AS published FROM outbox`,
    )) as { n: number; published: number }[];
    expect(left[0]).toEqual({ n: 3, published: 1 });
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM inbox`)).toEqual([{ n: 1 }]);
    expect(await retention.sweep()).toEqual({ outbox: 0, inbox: 0 });
    // A shorter inbox retention takes the recent row too.
    expect(await new MessagingRetention(dataSource, { inboxRetentionHours: 24 }).sweep()).toEqual({
      outbox: 0,
      inbox: 1,
    });
    expect(() => new MessagingRetention(dataSource, { batchSize: 0 })).toThrow(/batchSize must be a positive/);
  });
});
