import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
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
      ),
    );
    const writing = Promise.all(writers);
    const effects = async () => Number((await sink.query(`SELECT count(*)::int AS n FROM effect`))[0].n);
    // Each fault waits for progress first, so every fault lands while events are in flight.
    const progress = async (atLeast: number) =>
      waitFor(async () => (await effects()) >= atLeast, `${atLeast} effects`, 300_000, 250).catch(() => undefined);

    const killBroker = async (n: number) => {
      note(`broker kill ${n} at ${await effects()} effects`);
      await broker.kill();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await broker.start();
      note(`broker back ${n}`);
    };
    const killRelay = async (n: number) => {
      note(`relay kill ${n} at ${await effects()} effects`);
      await relay.kill();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await relay.start();
      note(`relay back ${n}`);
    };

    await progress(500);
    await killBroker(1);
    await progress(2000);
    await killRelay(1);
    await progress(3500);
    await killBroker(2);
    await progress(5000);
    note(`postgres pause at ${await effects()} effects`);
    await pausePostgres(PG_ADMIN_URL, [sourceDb.name, sinkDb.name], 5000);
    note('postgres back');
    await progress(6500);
    await killRelay(2);
    await progress(8000);
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
});
