// Events benchmark. Run: npm run bench:events [-- --events 20000 --latency-seconds 20 --rate 1000]
// On a Kafka broker of our own (infra/kafka/kafka.sh on RCC_FAULT_KAFKA_PORT, default 19092; started if needed) and
// real PostgreSQL, in one run:
// 1. baseline: raw kafkajs, N messages of the same size produced (batches of 500, acks=all) and consumed (eachMessage,
//    no work) by one consumer: events/s from the first send to the last message received;
// 2. the platform: 8 writers commit N changes with their outbox rows; the OutboxRelay publishes; an InboxConsumer
//    applies one effect row per event in the inbox's transaction: events/s from the first write to the last effect;
// 3. latency at a fixed rate: writers paced at --rate events/s for --latency-seconds; per event, the time from the
//    change's commit (its occurredAt) to its effect's commit (applied_at): p50/p99.
// The ratio (2)/(1) is what the target speaks about; absolute numbers drift on a shared machine.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { InboxConsumer, KafkaEventBus, OutboxRelay } from '@rcc/messaging';
import { NeedSnapshotV1Event, TOPICS, createEnvelope } from '@rcc/contracts';
import { repoRoot } from '@rcc/platform';
import { createTestDatabase } from '@rcc/testing';

const pipeline = await import(new URL('../dist/apps/platform-e2e/src/faults/pipeline.js', import.meta.url).href);
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    'latency-seconds': { type: 'string', default: '20' },
    rate: { type: 'string', default: '1000' },
  },
});
const N = Number(values.events);
const RATE = Number(values.rate);
const LATENCY_SECONDS = Number(values['latency-seconds']);
const root = repoRoot();
const broker = new pipeline.OwnBroker();
console.error(`broker ${broker.brokers}: ${(await broker.start()).trim()}`);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

// 1. Raw kafkajs, messages the size of a real envelope.
async function rawKafka() {
  const topic = `b${randomUUID().slice(0, 8)}.raw`;
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: [broker.brokers], logLevel: logLevel.WARN });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
  await admin.disconnect();
  const value = JSON.stringify(
    createEnvelope(NeedSnapshotV1Event, {
      producer: 'bench',
      tenant: 'E10900001',
      key: 'E10900001',
      payload: pipeline.snapshotPayload('E10900001', 1),
    }),
  );
  const consumer = kafka.consumer({ groupId: `${topic}.g` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  await consumer.run({
    eachMessage: async () => {
      received += 1;
      if (received === N) done(now());
    },
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, maxInFlightRequests: 1 });
  await producer.connect();
  const start = now();
  for (let i = 0; i < N; i += 500) {
    const messages = [];
    for (let j = i; j < Math.min(N, i + 500); j++) messages.push({ key: pipeline.councilKey(j % 40), value });
    await producer.send({ topic, acks: -1, messages });
  }
  const produced = now();
  const end = await finished;
  await producer.disconnect();
  await consumer.disconnect();
  return {
    events: N,
    messageBytes: value.length,
    produceEventsPerSecond: Math.round((N / (produced - start)) * 1000),
    eventsPerSecond: Math.round((N / (end - start)) * 1000),
  };
}

async function platformRun(label, body) {
  const prefix = `b${randomUUID().slice(0, 8)}.`;
  const sourceDb = await createTestDatabase('bench_source');
  const sinkDb = await createTestDatabase('bench_sink');
  const source = await pipeline.openSource(sourceDb.url);
  const sink = await pipeline.openSink(sinkDb.url);
  const bus = new KafkaEventBus({ brokers: [broker.brokers], clientId: `bench-${label}`, topicPrefix: prefix });
  const consumer = new InboxConsumer(sink, bus, {
    consumer: pipeline.SINK_CONSUMER,
    groupId: 'bench-sink',
    handlers: [new pipeline.SequenceEffect()],
  });
  await consumer.start();
  const relay = new OutboxRelay(source, bus, { intervalMs: 5, batchSize: 500 });
  relay.start();
  const count = async () => Number((await sink.query('SELECT count(*)::int AS n FROM effect'))[0].n);
  try {
    return await body({ source, sink, count });
  } finally {
    await relay.stop();
    await consumer.stop();
    await bus.close();
    await source.destroy();
    await sink.destroy();
    await sourceDb.drop();
    await sinkDb.drop();
  }
}

// 2. Sustained: 8 writers, N events, until the last effect.
async function sustained() {
  return platformRun('sustained', async ({ source, count }) => {
    const perWriterKeys = 5;
    const perKey = Math.ceil(N / (8 * perWriterKeys));
    const start = now();
    await Promise.all(
      Array.from({ length: 8 }, (_, w) =>
        pipeline.runWriter(
          source,
          Array.from({ length: perWriterKeys }, (_, k) => pipeline.councilKey(w * perWriterKeys + k)),
          perKey,
        ),
      ),
    );
    const written = now();
    const total = 8 * perWriterKeys * perKey;
    while ((await count()) < total) await new Promise((resolve) => setTimeout(resolve, 50));
    const end = now();
    return {
      events: total,
      writeEventsPerSecond: Math.round((total / (written - start)) * 1000),
      eventsPerSecond: Math.round((total / (end - start)) * 1000),
    };
  });
}

// 3. Latency at a fixed rate: one change every 1/RATE s spread over 8 writers (keys round-robin).
async function latency() {
  return platformRun('latency', async ({ source, sink, count }) => {
    const total = RATE * LATENCY_SECONDS;
    const start = now();
    const seqs = new Map();
    let late = 0;
    const writer = async (w) => {
      for (let i = w; i < total; i += 8) {
        const due = start + (i * 1000) / RATE;
        const wait = due - now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        else if (wait < -100) late += 1;
        const key = pipeline.councilKey(i % 40);
        const seq = (seqs.get(key) ?? 0) + 1;
        seqs.set(key, seq);
        await pipeline.writeChange(source, key, seq);
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
    const offered = Math.round((total / (now() - start)) * 1000);
    while ((await count()) < total) await new Promise((resolve) => setTimeout(resolve, 50));
    const rows = await sink.query(
      `SELECT extract(epoch FROM (applied_at - occurred_at)) * 1000 AS ms FROM effect ORDER BY 1`,
    );
    const ms = rows.map((r) => Number(r.ms));
    return {
      events: total,
      targetRate: RATE,
      achievedRate: offered,
      writesMoreThan100msLate: late,
      p50: Math.round(quantile(ms, 0.5)),
      p99: Math.round(quantile(ms, 0.99)),
      max: Math.round(ms[ms.length - 1]),
    };
  });
}

const raw = await rawKafka();
console.error('raw', JSON.stringify(raw));
const outboxInbox = await sustained();
console.error('outbox-inbox', JSON.stringify(outboxInbox));
const lat = await latency();
console.error('latency', JSON.stringify(lat));
const report = {
  command: `npm run bench:events -- --events ${N} --latency-seconds ${LATENCY_SECONDS} --rate ${RATE}`,
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  at: new Date().toISOString(),
  topic: TOPICS.councilNeed,
  rawKafkajs: raw,
  outboxKafkaInbox: outboxInbox,
  ratio: Number((outboxInbox.eventsPerSecond / raw.eventsPerSecond).toFixed(3)),
  latencyAtRate: lat,
};
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/events.json'), JSON.stringify(report, null, 2));
console.log(JSON.stringify(report, null, 2));
process.exit(0);
