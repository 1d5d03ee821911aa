import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, type EntityManager } from 'typeorm';
import {
  createEnvelope,
  NeedSnapshotV1Event,
  TOPICS,
  deadLetterTopic,
  type EventEnvelope,
  type NeedSnapshotV1,
} from '@rcc/contracts';
import {
  type BusMessage,
  enqueueEvent,
  type EventBus,
  type EventHandler,
  InboxConsumer,
  InProcessEventBus,
  MessagingTables1763769600000,
  OutboxTraceHeaders1796538264000,
  OutboxRelay,
  PermanentEventError,
} from '@rcc/messaging';
import { waitFor, type TestDatabase, migratedDataSource } from '@rcc/testing';
import { createEffectTable, realBus, recordEffect, tearDown } from './messaging-rig.js';

const snapshot = (councilCode: string, count: number): NeedSnapshotV1 => ({
  councilCode,
  asAt: '2021-03-31',
  total: count,
  cells: [{ category: 'fostering', ageBand: '5-9', count }],
});

/** Makes the handler fail once, as a database hiccup would. */
const failNext = { transient: false };

/** The effect under test: one row per event applied, in the same transaction as the inbox row. */
class RecordingHandler implements EventHandler<NeedSnapshotV1> {
  readonly definition = NeedSnapshotV1Event;
  async handle(envelope: EventEnvelope<NeedSnapshotV1>, em: EntityManager): Promise<void> {
    if (envelope.payload.total === 999) throw new PermanentEventError('999 is not a plausible count here');
    if (envelope.payload.total === 555 && failNext.transient) {
      failNext.transient = false;
      throw new Error('connection reset (a transient failure)');
    }
    await recordEffect(em, envelope);
  }
}

/** The same effect, many events in one statement (the inbox's `handleBatch` path). */
class BatchRecordingHandler extends RecordingHandler {
  async handleBatch(envelopes: EventEnvelope<NeedSnapshotV1>[], em: EntityManager): Promise<void> {
    for (const e of envelopes) {
      if (e.payload.total === 999) throw new PermanentEventError('999 is not a plausible count here');
      if (e.payload.total === 555 && failNext.transient) {
        failNext.transient = false;
        throw new Error('connection reset (a transient failure)');
      }
    }
    await em.query(
      `INSERT INTO effect (event_id, council, total)
       SELECT id, council, total FROM unnest($1::uuid[], $2::text[], $3::int[]) WITH ORDINALITY AS e(id, council, total, n)
       ORDER BY n`,
      [envelopes.map((e) => e.id), envelopes.map((e) => e.payload.councilCode), envelopes.map((e) => e.payload.total)],
    );
  }
}

const buses: [string, () => EventBus][] = [
  ['kafka (real broker)', () => realBus('rcc-test', 't')],
  ['in-process', () => new InProcessEventBus(20)],
];

const adapters: [string, string, () => EventBus, () => RecordingHandler][] = buses.flatMap(([name, makeBus]) => [
  [name, 'one event per call', makeBus, () => new RecordingHandler()],
  [name, 'handleBatch', makeBus, () => new BatchRecordingHandler()],
]);

describe.each(adapters)('outbox -> %s -> inbox, handler: %s', (_name, _kind, makeBus, makeHandler) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let bus: EventBus;
  let relay: OutboxRelay;
  let consumer: InboxConsumer;
  const dlt: BusMessage[] = [];
  const group = `rcc.test.${randomUUID()}`;
  const council = `E10${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

  const effects = async () =>
    (await dataSource.query(`SELECT event_id, total FROM effect WHERE council = $1 ORDER BY id`, [council])) as {
      event_id: string;
      total: number;
    }[];

  beforeAll(async () => {
    ({ db, dataSource } = await migratedDataSource('messaging', [
      MessagingTables1763769600000,
      OutboxTraceHeaders1796538264000,
    ]));
    await createEffectTable(dataSource);
    bus = makeBus();
    await bus.ensureTopics([TOPICS.councilNeed, deadLetterTopic(TOPICS.councilNeed)]);
    await bus.subscribe(
      { groupId: `${group}.dlt`, topics: [deadLetterTopic(TOPICS.councilNeed)], fromBeginning: false },
      async (m) => {
        dlt.push(m);
      },
    );
    relay = new OutboxRelay(dataSource, bus, { intervalMs: 50 });
    consumer = new InboxConsumer(dataSource, bus, {
      consumer: 'test',
      groupId: group,
      handlers: [makeHandler()],
    });
    await consumer.start();
  });

  afterAll(() => tearDown({ consumer, relay, bus, dataSource, db }));

  it('publishes only committed events, and each has exactly one effect', async () => {
    await dataSource.transaction((em) =>
      enqueueEvent(em, NeedSnapshotV1Event, {
        producer: 'test',
        tenant: council,
        key: council,
        payload: snapshot(council, 7),
      }),
    );
    await expect(
      dataSource.transaction(async (em) => {
        await enqueueEvent(em, NeedSnapshotV1Event, {
          producer: 'test',
          tenant: council,
          key: council,
          payload: snapshot(council, 8),
        });
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    expect(await relay.drain()).toBe(1);
    const rows = await waitFor(async () => {
      const r = await effects();
      return r.length >= 1 ? r : undefined;
    }, 'the effect');
    expect(rows.map((r) => r.total)).toEqual([7]);
    const [{ pending }] = (await dataSource.query(
      `SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL`,
    )) as { pending: number }[];
    expect(pending).toBe(0);
  });

  it('gives a redelivered event no second effect', async () => {
    const envelope = await dataSource.transaction((em) =>
      enqueueEvent(em, NeedSnapshotV1Event, {
        producer: 'test',
        tenant: council,
        key: council,
        payload: snapshot(council, 9),
      }),
    );
    await relay.drain();
    await waitFor(async () => (await effects()).some((r) => r.event_id === envelope.id), 'the first delivery');
    const message = { topic: TOPICS.councilNeed, key: council, value: JSON.stringify(envelope) };
    await consumer.receive(message);
    await consumer.receive(message);
    await dataSource.query(`UPDATE outbox SET published_at = NULL WHERE event_id = $1`, [envelope.id]); // as if the relay crashed before marking
    await relay.drain();
    await waitFor(async () => consumer.stats.duplicates >= 3, 'the redeliveries to be seen');
    expect((await effects()).filter((r) => r.event_id === envelope.id)).toHaveLength(1);
  });

  it('dead-letters malformed and contract-breaking events with the reason, and keeps going', async () => {
    await bus.publish([
      { topic: TOPICS.councilNeed, key: council, value: '{not json' },
      {
        topic: TOPICS.councilNeed,
        key: council,
        value: JSON.stringify({
          ...(await validEnvelope(council)),
          payload: { ...snapshot(council, 3), childId: 'leak' },
        }),
      },
      {
        topic: TOPICS.councilNeed,
        key: council,
        value: JSON.stringify({ ...(await validEnvelope(council)), payload: snapshot(council, 999) }),
      },
    ]);
    await dataSource.transaction((em) =>
      enqueueEvent(em, NeedSnapshotV1Event, {
        producer: 'test',
        tenant: council,
        key: council,
        payload: snapshot(council, 11),
      }),
    );
    await relay.drain();
    await waitFor(async () => (await effects()).some((r) => r.total === 11), 'the good event after the poison ones');
    await waitFor(async () => dlt.length >= 3, 'three dead letters');
    const reasons = dlt.map((m) => m.headers?.['dlt-reason'] ?? '');
    expect(reasons[0]).toMatch(/not JSON/);
    expect(reasons[1]).toMatch(/childId/);
    expect(reasons[2]).toMatch(/999 is not a plausible count/);
    expect((await effects()).map((r) => r.total)).toEqual([7, 9, 11]);
  });

  it('relays a prefix of the pending rows when a pass would exceed its byte budget, in order', async () => {
    for (const total of [41, 42, 43]) {
      await dataSource.transaction((em) =>
        enqueueEvent(em, NeedSnapshotV1Event, {
          producer: 'test',
          tenant: council,
          key: council,
          payload: snapshot(council, total),
        }),
      );
    }
    const small = new OutboxRelay(dataSource, bus, { maxBatchBytes: 1 });
    expect([
      await small.relayOnce(),
      await small.relayOnce(),
      await small.relayOnce(),
      await small.relayOnce(),
    ]).toEqual([1, 1, 1, 0]);
    await waitFor(async () => (await effects()).some((r) => r.total === 43), 'the third event');
    expect((await effects()).map((r) => r.total).slice(-3)).toEqual([41, 42, 43]);
  });

  it('applies a batch in one transaction: duplicates skipped, poison dead-lettered, the rest in order', async () => {
    const e = async (total: number) => {
      const env = await validEnvelope(council);
      return {
        topic: TOPICS.councilNeed,
        key: council,
        value: JSON.stringify({ ...env, payload: snapshot(council, total) }),
      };
    };
    const [a, b, poison, c] = [await e(21), await e(22), await e(999), await e(23)];
    const before = { ...consumer.stats };
    const deadBefore = dlt.length;
    // a and b first, as if this batch had been cut off at COMMIT and came again with more behind it.
    await consumer.receiveBatch([a, b]);
    await consumer.receiveBatch([a, b, b, { topic: TOPICS.councilNeed, key: council, value: 'nope' }, poison, c]);
    expect((await effects()).map((r) => r.total).slice(-3)).toEqual([21, 22, 23]);
    expect(consumer.stats.processed - before.processed).toBe(3);
    expect(consumer.stats.duplicates - before.duplicates).toBe(3);
    expect(consumer.stats.deadLettered - before.deadLettered).toBe(2);
    await waitFor(async () => dlt.length >= deadBefore + 2, 'two more dead letters');
    expect(dlt.slice(deadBefore).map((m) => m.headers?.['dlt-reason'])).toEqual([
      expect.stringMatching(/not JSON/),
      expect.stringMatching(/999 is not a plausible count/),
    ]);
  });

  it('rolls a whole batch back on a transient failure; the redelivered batch applies each event once', async () => {
    const env = async (total: number) => ({
      topic: TOPICS.councilNeed,
      key: council,
      value: JSON.stringify({ ...(await validEnvelope(council)), payload: snapshot(council, total) }),
    });
    const batch = [await env(31), await env(555), await env(32)];
    const before = (await effects()).length;
    failNext.transient = true;
    await expect(consumer.receiveBatch(batch)).rejects.toThrow('connection reset');
    expect(await effects()).toHaveLength(before); // 31 was rolled back with the rest
    await consumer.receiveBatch(batch);
    expect((await effects()).map((r) => r.total).slice(before)).toEqual([31, 555, 32]);
  });
});

async function validEnvelope(council: string): Promise<EventEnvelope<NeedSnapshotV1>> {
  return createEnvelope(NeedSnapshotV1Event, {
    producer: 'test',
    tenant: council,
    key: council,
    payload: snapshot(council, 1),
  });
}
