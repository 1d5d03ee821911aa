// Events benchmark. Run: npm run bench:events [-- --events 20000 --latency-seconds 20 --rate 1000]
// On a Kafka broker of our own (infra/kafka/kafka.sh on RCC_FAULT_KAFKA_PORT, default 19092; started if needed) and
// real PostgreSQL, in one run:
// 1. baseline: raw kafkajs, N messages of the same size produced (batches of 500, acks=all) and consumed (eachMessage,
//    no work) by one consumer: events/s from the first send to the last message received;
// 2. the pipeline: N changes already committed with their outbox rows (8 writers, relay stopped); then the OutboxRelay
//    and an InboxConsumer (one effect row per event, in the inbox's transaction) start: events/s from the relay's start
//    to the last effect's commit, and the relay's own rate (to its last publish). The ratio (2)/(1) is the headline.
//    Run twice: an effect of one statement per event (`handle`), and the same effect for a batch in one statement
//    (`handleBatch`);
// 3. sustained with writers: 8 writers commit N changes (one transaction each) while the relay and the consumer run:
//    events/s from the first write to the last effect (bounded by what 8 writers commit, reported alongside);
// 4. latency at a fixed rate: writers paced at --rate events/s for --latency-seconds into need-snapshot events, consumed
//    by analytics' real NeedSnapshotConsumer (the need_snapshot upsert the published demand profile reads); per event,
//    the time from the writer's COMMIT returning to the inbox transaction's COMMIT returning (one clock: this process):
//    p50/p99. The relay runs with the services' settings (a pass every 250 ms) and is nudged after each commit, as the
//    services that call `relay.nudge()` do; steps 2 and 3 poll every 5 ms instead. Batch sizes: the library's defaults.
// Absolute numbers drift on a shared machine; the ratios to raw kafkajs in the same run are what to compare.
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

const dist = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);
const pipeline = await dist('apps/platform-e2e/src/faults/pipeline.js');
const { NeedSnapshotConsumer } = await dist('apps/analytics/src/modules/need-snapshots/need-snapshot.consumer.js');
const { NeedSnapshots1763769601000 } = await dist('apps/analytics/src/migrations/1763769601000-NeedSnapshots.js');
const { AnalyticsConfig } = await dist('apps/analytics/src/platform/analytics.config.js');
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

async function platformRun(
  label,
  body,
  { handlers, migrations = [], onProcessed, relayOptions = { intervalMs: 5 } } = {},
) {
  const prefix = `b${randomUUID().slice(0, 8)}.`;
  const sourceDb = await createTestDatabase('bench_source');
  const sinkDb = await createTestDatabase('bench_sink');
  const source = await pipeline.openSource(sourceDb.url);
  const sink = await pipeline.openSink(sinkDb.url);
  for (const Migration of migrations) {
    const runner = sink.createQueryRunner();
    await new Migration().up(runner);
    await runner.release();
  }
  const bus = new KafkaEventBus({ brokers: [broker.brokers], clientId: `bench-${label}`, topicPrefix: prefix });
  const consumer = new InboxConsumer(sink, bus, {
    consumer: pipeline.SINK_CONSUMER,
    groupId: 'bench-sink',
    handlers: handlers ?? [new pipeline.SequenceEffect()],
    onProcessed,
  });
  const relay = new OutboxRelay(source, bus, relayOptions);
  const count = async () => Number((await sink.query('SELECT count(*)::int AS n FROM effect'))[0].n);
  try {
    return await body({ source, sink, count, consumer, relay });
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

const writeAll = (source, total) => {
  const perWriterKeys = 5;
  const perKey = Math.ceil(total / (8 * perWriterKeys));
  return Promise.all(
    Array.from({ length: 8 }, (_, w) =>
      pipeline.runWriter(
        source,
        Array.from({ length: perWriterKeys }, (_, k) => pipeline.councilKey(w * perWriterKeys + k)),
        perKey,
      ),
    ),
  ).then(() => 8 * perWriterKeys * perKey);
};

const waitUntil = async (check, what = 'the pipeline', timeoutMs = 600_000) => {
  const give = now() + timeoutMs;
  while (!(await check())) {
    if (now() > give) throw new Error(`${what}: not done after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return now();
};

// 2. The pipeline alone: a full outbox, then relay + consumer.
async function pipelineDrain(effect) {
  return platformRun(
    'pipeline',
    async ({ source, sink, count, consumer, relay }) => {
      const total = await writeAll(source, N);
      await consumer.start();
      const start = now();
      relay.start();
      const relayed = waitUntil(async () => relay.publishedCount >= total);
      const end = await waitUntil(async () => (await count()) >= total);
      const relayEnd = await relayed;
      const report = await pipeline.sinkReport(sink);
      if (report.effects !== total || report.outOfOrderKeys.length || report.gapKeys.length) {
        throw new Error(`pipeline run broke a guarantee: ${JSON.stringify(report)}`);
      }
      return {
        events: total,
        relayEventsPerSecond: Math.round((total / (relayEnd - start)) * 1000),
        eventsPerSecond: Math.round((total / (end - start)) * 1000),
        inbox: { ...consumer.stats },
      };
    },
    { handlers: [effect] },
  );
}

// 3. Sustained with writers: 8 writers, N events, until the last effect.
async function sustained() {
  return platformRun('sustained', async ({ source, count, consumer, relay }) => {
    await consumer.start();
    relay.start();
    const start = now();
    const total = await writeAll(source, N);
    const written = now();
    const end = await waitUntil(async () => (await count()) >= total);
    return {
      events: total,
      writeEventsPerSecond: Math.round((total / (written - start)) * 1000),
      eventsPerSecond: Math.round((total / (end - start)) * 1000),
    };
  });
}

// 4. Latency at a fixed rate: one change every 1/RATE s spread over 8 writers (keys round-robin), into analytics'
// need-snapshot consumer.
async function latency() {
  const total = RATE * LATENCY_SECONDS;
  const keys = Array.from({ length: 40 }, (_, i) => pipeline.councilKey(i));
  const committedAt = new Map();
  const appliedAt = new Map();
  const config = Object.assign(new AnalyticsConfig(), { RCC_REGION_COUNCILS: keys.join(',') });
  return platformRun(
    'latency',
    async ({ source, sink, consumer, relay }) => {
      await consumer.start();
      relay.start();
      const start = now();
      const seqs = new Map();
      let late = 0;
      const writer = async (w) => {
        for (let i = w; i < total; i += 8) {
          const due = start + (i * 1000) / RATE;
          const wait = due - now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          else if (wait < -100) late += 1;
          const key = keys[i % 40];
          const seq = (seqs.get(key) ?? 0) + 1;
          seqs.set(key, seq);
          await pipeline.writeChange(source, key, seq);
          committedAt.set(`${key}/${seq}`, now());
          relay.nudge(); // as the services do after a commit that wrote events
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
      const offered = Math.round((total / (now() - start)) * 1000);
      await waitUntil(async () => appliedAt.size >= total);
      const ms = [...appliedAt].map(([id, t]) => t - committedAt.get(id)).sort((a, b) => a - b);
      if (ms.some((x) => !Number.isFinite(x))) throw new Error('an effect without its change');
      const [{ rows }] = await sink.query(`SELECT count(*)::int AS rows FROM need_snapshot`);
      return {
        events: total,
        effect: 'analytics NeedSnapshotConsumer (need_snapshot upsert read by the demand profile)',
        targetRate: RATE,
        achievedRate: offered,
        writesMoreThan100msLate: late,
        needSnapshotRows: rows,
        inbox: { ...consumer.stats },
        p50: Math.round(quantile(ms, 0.5)),
        p99: Math.round(quantile(ms, 0.99)),
        max: Math.round(ms[ms.length - 1]),
      };
    },
    {
      handlers: [new NeedSnapshotConsumer(config)],
      migrations: [NeedSnapshots1763769601000],
      relayOptions: {}, // the services' settings: a pass every 250 ms, or at once when nudged
      onProcessed: (envelopes) => {
        const t = now();
        for (const e of envelopes) appliedAt.set(`${e.key}/${e.payload.total}`, t);
      },
    },
  );
}

const raw = await rawKafka();
console.error('raw', JSON.stringify(raw));
const drained = await pipelineDrain(new pipeline.SequenceEffect());
console.error('pipeline (one statement per effect)', JSON.stringify(drained));
const drainedBatch = await pipelineDrain(new pipeline.BatchSequenceEffect());
console.error('pipeline (handleBatch: one statement per batch)', JSON.stringify(drainedBatch));
const outboxInbox = await sustained();
console.error('sustained', JSON.stringify(outboxInbox));
// --latency-seconds 0 skips the step (e.g. to run this file against an older pipeline without `onProcessed`).
const lat = LATENCY_SECONDS > 0 ? await latency() : { skipped: true };
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
  pipeline: drained,
  pipelineRatio: Number((drained.eventsPerSecond / raw.eventsPerSecond).toFixed(3)),
  pipelineBatchEffect: drainedBatch,
  pipelineBatchEffectRatio: Number((drainedBatch.eventsPerSecond / raw.eventsPerSecond).toFixed(3)),
  sustainedWithWriters: outboxInbox,
  sustainedRatio: Number((outboxInbox.eventsPerSecond / raw.eventsPerSecond).toFixed(3)),
  latencyAtRate: lat,
};
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/events.json'), JSON.stringify(report, null, 2));
console.log(
  `events: raw kafkajs ${raw.eventsPerSecond}/s; pipeline ${drained.eventsPerSecond}/s (ratio ${report.pipelineRatio}, ` +
    `relay ${drained.relayEventsPerSecond}/s); with a batch effect ${drainedBatch.eventsPerSecond}/s (ratio ` +
    `${report.pipelineBatchEffectRatio}); with writers ${outboxInbox.eventsPerSecond}/s (writers ` +
    `${outboxInbox.writeEventsPerSecond}/s); at ${lat.achievedRate}/s: p50 ${lat.p50} ms, p99 ${lat.p99} ms ` +
    `(bench/out/events.json)`,
);
console.error(`broker ${broker.brokers}: ${(await broker.stop()).trim()}`);
process.exit(0);
