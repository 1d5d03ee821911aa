import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { Kafka, logLevel } from 'kafkajs';
import { deadLetterTopic, TOPICS } from '@rcc/contracts';
import { KafkaEventBus, InboxConsumer } from '@rcc/messaging';
import { createTestDatabase, PG_ADMIN_URL, waitFor, type TestDatabase } from '@rcc/testing';
import {
  councilKey,
  OwnBroker,
  openSink,
  openSource,
  pausePostgres,
  RelayProcess,
  runWriter,
  SequenceEffect,
  SINK_CONSUMER,
  sinkReport,
} from './pipeline.js';

/**
 * Issue 8's messaging fault test: 8 writers, 10,000 events; our own Kafka broker killed (SIGKILL) and restarted 3
 * times, the relay process killed (SIGKILL) and restarted twice, PostgreSQL "paused" once (both test databases
 * refuse connections and every session is terminated for 5 s; the shared server itself is not touched). Afterwards:
 * exactly 10,000 effects, none lost, none duplicated, order kept per key.
 */
const WRITERS = 8;
const KEYS_PER_WRITER = 5;
const PER_KEY = 250; // 8 x 5 x 250 = 10,000
/** Paces the writers (about 50 changes/s in all) so they are still writing when the faults come. */
const WRITER_PAUSE_MS = 150;

jest.setTimeout(900_000);

describe('outbox -> Kafka -> inbox under faults', () => {
  const broker = new OwnBroker();
  const prefix = `f${randomUUID().slice(0, 8)}.`;
  let sourceDb: TestDatabase;
  let sinkDb: TestDatabase;
  let source: DataSource;
  let sink: DataSource;
  let bus: KafkaEventBus;
  let consumer: InboxConsumer;
  let relay: RelayProcess;
  const log: string[] = [];
  const note = (line: string) => log.push(`${new Date().toISOString()} ${line}`);

  beforeAll(async () => {
    await broker.start();
    sourceDb = await createTestDatabase('fault_source');
    sinkDb = await createTestDatabase('fault_sink');
    source = await openSource(sourceDb.url);
    sink = await openSink(sinkDb.url);
    bus = new KafkaEventBus({ brokers: [broker.brokers], clientId: `fault-sink-${prefix}`, topicPrefix: prefix });
    consumer = new InboxConsumer(sink, bus, {
      consumer: SINK_CONSUMER,
      groupId: 'fault-sink',
      handlers: [new SequenceEffect()],
    });
    await consumer.start();
    relay = new RelayProcess({ DATABASE_URL: sourceDb.url, KAFKA_BROKERS: broker.brokers, KAFKA_TOPIC_PREFIX: prefix });
    await relay.start();
  });

  afterAll(async () => {
    await relay?.kill();
    await consumer?.stop().catch(() => undefined);
    await bus?.close().catch(() => undefined);
    await source?.destroy().catch(() => undefined);
    await sink?.destroy().catch(() => undefined);
    await sourceDb?.drop();
    await sinkDb?.drop();
    await broker.stop();
  });

  it('delivers exactly 10,000 effects, in order per key, through 3 broker kills, 2 relay kills and a database outage', async () => {
    let writerErrors = 0;
    const writers = Array.from({ length: WRITERS }, (_, w) =>
      runWriter(
        source,
        Array.from({ length: KEYS_PER_WRITER }, (_, k) => councilKey(w * KEYS_PER_WRITER + k)),
        PER_KEY,
        () => (writerErrors += 1),
        WRITER_PAUSE_MS,
      ),
    );
    const writing = Promise.all(writers);

    const effects = async () => Number((await sink.query(`SELECT count(*)::int AS n FROM effect`))[0].n);
    // Each fault waits for progress first, so every fault lands while events are in flight.
    const progress = async (atLeast: number) =>
      waitFor(async () => (await effects()) >= atLeast, `${atLeast} effects`, 300_000, 250).catch(() => undefined);

    /** Kills a process of the pipeline, leaves it down for `downMs`, then starts it again. */
    const killer =
      (name: string, target: { kill(): Promise<unknown>; start(): Promise<unknown> }, downMs: number) =>
      async (n: number) => {
        note(`${name} kill ${n} at ${await effects()} effects`);
        await target.kill();
        await new Promise((resolve) => setTimeout(resolve, downMs));
        await target.start();
        note(`${name} back ${n}`);
      };
    const killBroker = killer('broker', broker, 2000);
    const killRelay = killer('relay', relay, 1000);

    let writersDone = false;
    void writing.then(() => (writersDone = true));
    // The database outage first, while the writers are certainly still writing (they take minutes at their pace).
    await progress(300);
    expect(writersDone).toBe(false);
    note(`postgres pause at ${await effects()} effects`);
    await pausePostgres(PG_ADMIN_URL, [sourceDb.name, sinkDb.name], 5000);
    note('postgres back');
    await progress(1000);
    await killBroker(1);
    await progress(2500);
    await killRelay(1);
    await progress(4000);
    await killBroker(2);
    await progress(5500);
    await killRelay(2);
    await progress(7500);
    await killBroker(3);

    await writing;
    note(`writers done (${writerErrors} retried transactions)`);
    await waitFor(async () => (await effects()) >= 10_000, '10,000 effects', 300_000, 500).catch(() => undefined);
    // Anything late (a duplicate slipping past the inbox) would show up now.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const report = await sinkReport(sink);
    const [{ pending }] = (await source.query(
      `SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL`,
    )) as { pending: number }[];
    const [{ changes, outboxRows }] = (await source.query(
      `SELECT (SELECT count(*)::int FROM source_change) AS changes, (SELECT count(*)::int FROM outbox) AS "outboxRows"`,
    )) as { changes: number; outboxRows: number }[];
    note(`report ${JSON.stringify({ ...report, pending, changes, outboxRows, stats: consumer.stats })}`);
    console.warn(`messaging fault test:\n${log.join('\n')}`);

    // The outage reached the writers too (their transactions failed and were retried).
    expect(writerErrors).toBeGreaterThan(0);
    expect({ changes, outboxRows, pending }).toEqual({ changes: 10_000, outboxRows: 10_000, pending: 0 });
    expect(report).toEqual({
      effects: 10_000,
      distinctEvents: 10_000,
      keys: WRITERS * KEYS_PER_WRITER,
      outOfOrderKeys: [],
      gapKeys: [],
    });
    expect(log.filter((l) => / (broker|relay) back /.test(l))).toHaveLength(5);
  });

  it('a full replay of the topic changes nothing; 1% poison events are dead-lettered with reasons; lag returns to 0', async () => {
    const kafka = new Kafka({ clientId: 'fault-replay', brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    const topic = `${prefix}${TOPICS.councilNeed}`;
    const group = `${prefix}fault-sink`;
    const before = await sinkReport(sink);
    expect(before.effects).toBe(10_000);

    // Rewind the consumer group to the beginning (a full replay), and add 100 poison messages (1% of 10,000).
    await consumer.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: group, topic, earliest: true });
    // Every message in the topic now: 10,000 events plus the copies the relay republished when a fault cut it off
    // between the broker's ack and its own commit (the inbox absorbed those the first time round).
    const inTopic = (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    expect(inTopic).toBeGreaterThanOrEqual(10_000);
    const [first] = (await source.query(`SELECT envelope FROM outbox ORDER BY seq LIMIT 1`)) as {
      envelope: Record<string, unknown>;
    }[];
    const valid = first!.envelope;
    const poisons: { kind: string; value: string }[] = [];
    for (let i = 0; i < 100; i++) {
      const id = randomUUID();
      const payload = valid['payload'] as Record<string, unknown>;
      const kinds: [string, unknown][] = [
        ['not JSON', `{"id": "${id}", truncated`],
        ['envelope without id', { ...valid, id: undefined }],
        ['payload breaks its contract', { ...valid, id, payload: { ...payload, total: -5 } }],
        ['unsupported version', { ...valid, id, version: 99 }],
        ['identifying field smuggled in', { ...valid, id, payload: { ...payload, childName: 'Canary Smith' } }],
      ];
      const [kind, value] = kinds[i % kinds.length]!;
      poisons.push({ kind, value: typeof value === 'string' ? value : JSON.stringify(value) });
    }
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: poisons.map((p, i) => ({ key: councilKey(i % 40), value: p.value })),
    });
    await producer.disconnect();

    const replay = new InboxConsumer(sink, bus, {
      consumer: SINK_CONSUMER,
      groupId: 'fault-sink',
      handlers: [new SequenceEffect()],
    });
    await replay.start();
    const lag = async () => {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return ends.reduce((sum, end) => {
        const at = committed!.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        return sum + (Number(end.high) - Math.max(0, Number(at)));
      }, 0);
    };
    await waitFor(async () => (await lag()) === 0, 'consumer lag 0 after the replay', 600_000, 1000);
    const after = await sinkReport(sink);
    await replay.stop();

    // The dead-letter topic: exactly the 100 poison messages, each with a reason.
    const dlt = kafka.consumer({ groupId: `${prefix}dlt-reader` });
    await dlt.connect();
    await dlt.subscribe({ topic: `${prefix}${deadLetterTopic(TOPICS.councilNeed)}`, fromBeginning: true });
    const dead: { reason: string; value: string }[] = [];
    await dlt.run({
      eachMessage: async ({ message }) => {
        dead.push({
          reason: message.headers?.['dlt-reason']?.toString() ?? '',
          value: message.value?.toString() ?? '',
        });
      },
    });
    await waitFor(async () => dead.length >= 100, '100 dead letters', 60_000).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await dlt.disconnect();
    await admin.disconnect();

    const reasons = new Map<string, { count: number; reason: string }>();
    for (const d of dead) {
      const kind = poisons.find((p) => p.value === d.value)?.kind ?? 'not one of ours';
      reasons.set(kind, { count: (reasons.get(kind)?.count ?? 0) + 1, reason: d.reason.slice(0, 160) });
    }
    console.warn(`replay: ${JSON.stringify({ stats: replay.stats, reasons: Object.fromEntries(reasons) }, null, 1)}`);
    expect(after).toEqual(before);
    expect(replay.stats.duplicates).toBe(inTopic);
    expect(replay.stats.processed).toBe(0);
    expect(replay.stats.deadLettered).toBe(100);
    expect(dead).toHaveLength(100);
    expect(dead.every((d) => d.reason.length > 10)).toBe(true);
    expect(dead.every((d) => poisons.some((p) => p.value === d.value))).toBe(true);
  });
});
