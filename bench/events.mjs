// Events benchmark. Run: npm run bench:events [-- --events 20000 --latency-seconds 20 --rate 1000]
// On a Kafka broker of our own (infra/kafka/kafka.sh on RCC_FAULT_KAFKA_PORT, default 19092; started if needed) and
// real PostgreSQL, in one run:
// 1. baseline: raw kafkajs, N messages of the same size produced (batches of 500, acks=all) and consumed (eachMessage,
//    no work) by one consumer: events/s from the first send to the last message received;
// 2. the pipeline through analytics' real consumers (NeedSnapshotConsumer, NeedFlowsConsumer, NeedTransitionsConsumer,
//    the busiest: an import emits them): N events shaped like imports' (per council, one transaction of monthly
//    snapshots and transitions and twelve-month flows, as the council service enqueues them) already committed in the
//    outbox (relay stopped); then the OutboxRelay and the analytics InboxConsumer start: events/s from the relay's
//    start to the last inbox commit, and the relay's own rate. Three ways in the same run: each event by `handle`
//    (the consumers as they were), by `handleBatch`, and by `handleBatch` with 3 partitions consumed concurrently
//    (what analytics could opt into, ADR 0047). The ratio to (1) is the headline;
// 3. sustained with writers: 8 writers commit N need snapshots (one transaction each) while the relay and the same
//    consumers (batched) run: events/s from the first write to the last inbox commit;
// 4. latency at a fixed rate: writers paced at --rate events/s for --latency-seconds into need-snapshot events, consumed
//    by analytics' real NeedSnapshotConsumer (the need_snapshot upsert the published demand profile reads); per event,
//    the time from the writer's COMMIT returning to the inbox transaction's COMMIT returning (one clock: this process):
//    p50/p99. The relay runs with the services' settings (a pass every 250 ms) and is nudged after each commit, as the
//    services that call `relay.nudge()` do; steps 2 and 3 poll every 5 ms instead. Batch sizes: the library's defaults.
// Absolute numbers drift on a shared machine; the ratios to raw kafkajs in the same run are what to compare.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { enqueueEvent, InboxConsumer, KafkaEventBus, OutboxRelay } from '@rcc/messaging';
import { NeedFlowsV1Event, NeedSnapshotV1Event, NeedTransitionsV1Event, TOPICS, createEnvelope } from '@rcc/contracts';
import { repoRoot } from '@rcc/platform';
import { createTestDatabase } from '@rcc/testing';
import { cpuDuring, machine, profiled } from './support/machine.mjs';

const dist = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);
const pipeline = await dist('apps/platform-e2e/src/faults/pipeline.js');
const { NeedSnapshotConsumer } = await dist('apps/analytics/src/modules/need-snapshots/need-snapshot.consumer.js');
const { NeedSnapshots1763769601000 } = await dist('apps/analytics/src/migrations/1763769601000-NeedSnapshots.js');
const { AnalyticsConfig } = await dist('apps/analytics/src/platform/analytics.config.js');
const { NeedFlowsConsumer } = await dist('apps/analytics/src/modules/forecasts/need-flows.consumer.js');
const { NeedTransitionsConsumer } = await dist('apps/analytics/src/modules/forecasts/need-transitions.consumer.js');
const { Forecasts1763870400000 } = await dist('apps/analytics/src/migrations/1763870400000-Forecasts.js');
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    'latency-seconds': { type: 'string', default: '20' },
    rate: { type: 'string', default: '1000' },
    // Which steps after the raw baseline (e.g. --steps batched to profile one): per-event,batched,concurrent,sustained,latency.
    steps: { type: 'string', default: 'per-event,batched,concurrent,sustained,latency' },
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
  const {
    result: { produced, end },
    cpu,
  } = await cpuDuring(async () => {
    for (let i = 0; i < N; i += 500) {
      const messages = [];
      for (let j = i; j < Math.min(N, i + 500); j++) messages.push({ key: pipeline.councilKey(j % 40), value });
      await producer.send({ topic, acks: -1, messages });
    }
    return { produced: now(), end: await finished };
  });
  await producer.disconnect();
  await consumer.disconnect();
  return {
    events: N,
    messageBytes: value.length,
    produceEventsPerSecond: Math.round((N / (produced - start)) * 1000),
    eventsPerSecond: Math.round((N / (end - start)) * 1000),
    cpu,
  };
}

async function platformRun(
  label,
  body,
  { handlers, migrations = [], onProcessed, relayOptions = { intervalMs: 5 }, partitionsConcurrently } = {},
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
    partitionsConcurrently,
  });
  const relay = new OutboxRelay(source, bus, relayOptions);
  // Events applied: the inbox's rows (every real consumer records one per event in the effect's transaction).
  const count = async () => Number((await sink.query('SELECT count(*)::int AS n FROM inbox'))[0].n);
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

const KEYS = Array.from({ length: 40 }, (_, i) => pipeline.councilKey(i));
const analyticsConfig = Object.assign(new AnalyticsConfig(), { RCC_REGION_COUNCILS: KEYS.join(',') });
/** Analytics' need consumers; `perEvent`: without `handleBatch` (each event by `handle`, as before ADR 0047). */
const needConsumers = (perEvent = false) =>
  [NeedSnapshotConsumer, NeedFlowsConsumer, NeedTransitionsConsumer].map((C) => {
    const c = new C(analyticsConfig);
    return perEvent ? { definition: c.definition, handle: (e, em) => c.handle(e, em) } : c;
  });
const ANALYTICS_MIGRATIONS = [NeedSnapshots1763769601000, Forecasts1763870400000];

/**
 * What an import enqueues, per council in one transaction and in the council service's order: the monthly
 * snapshots, then the flows (twelve months an event), then the monthly transitions.
 */
async function importShapedOutbox(source, total) {
  const perKey = Math.ceil(total / KEYS.length);
  // snapshots = transitions = months, flows = months / 12: months * (2 + 1/12) events per council.
  const months = Math.max(12, Math.floor(perKey / (2 + 1 / 12)));
  const monthOf = (i) => ({ y: 2000 + Math.floor(i / 12), m: String((i % 12) + 1).padStart(2, '0') });
  const endOf = (i) => new Date(Date.UTC(2000 + Math.floor(i / 12), (i % 12) + 1, 0)).toISOString().slice(0, 10);
  let written = 0;
  await Promise.all(
    KEYS.map((key) =>
      source.transaction(async (em) => {
        const from = { producer: `council:${key}`, tenant: key, key };
        const put = async (definition, payload) => {
          await enqueueEvent(em, definition, { ...from, payload });
          written += 1;
        };
        for (let i = 0; i < months; i++) {
          const n = 10 + (i % 7);
          const cells = [{ category: 'fostering', ageBand: '10-15', count: n }];
          await put(NeedSnapshotV1Event, { councilCode: key, asAt: endOf(i), total: n, cells });
        }
        for (let end = months; end > 0; end -= 12) {
          const list = [];
          for (let i = Math.max(0, end - 12); i < end; i++) {
            const { y, m } = monthOf(i);
            list.push({ month: `${y}-${m}`, entries: i % 5, exits: i % 4 });
          }
          await put(NeedFlowsV1Event, { councilCode: key, asAt: endOf(end - 1), months: list });
        }
        for (let i = 0; i < months; i++) {
          const { y, m } = monthOf(i);
          const cells = [{ from: 'out', to: 'fostering/10-15', count: 2 }];
          await put(NeedTransitionsV1Event, { councilCode: key, month: `${y}-${m}`, cells });
        }
      }),
    ),
  );
  return written;
}

// 2. The pipeline alone through analytics' real consumers: a full outbox, then relay + consumer.
async function pipelineDrain(label, { perEvent = false, partitionsConcurrently = 1 } = {}) {
  return platformRun(
    'pipeline',
    async ({ source, sink, count, consumer, relay }) => {
      const total = await importShapedOutbox(source, N);
      await consumer.start();
      const start = now();
      // The measured window, with where the machine's CPU went and (BENCH_CPU_PROF) this process's profile.
      const {
        result: { end, relayEnd },
        cpu,
      } = await cpuDuring(() =>
        profiled(`events-${label.replace(/[^a-z0-9]+/gi, '-')}`, async () => {
          relay.start();
          const relayed = waitUntil(async () => relay.publishedCount >= total);
          const end = await waitUntil(async () => (await count()) >= total);
          return { end, relayEnd: await relayed };
        }),
      );
      const [held] = await sink.query(`SELECT (SELECT count(*) FROM need_snapshot)::int AS snapshots,
        (SELECT count(*) FROM need_transition_month)::int AS transitions,
        (SELECT count(*) FROM need_flow_month)::int AS "flowMonths",
        (SELECT count(*) FROM inbox WHERE outcome <> 'processed')::int AS "deadLettered"`);
      if (held.deadLettered > 0) throw new Error(`${label}: ${held.deadLettered} events dead-lettered`);
      return {
        label,
        events: total,
        partitionsConcurrently,
        relayEventsPerSecond: Math.round((total / (relayEnd - start)) * 1000),
        eventsPerSecond: Math.round((total / (end - start)) * 1000),
        held,
        inbox: { ...consumer.stats },
        cpu,
      };
    },
    { handlers: needConsumers(perEvent), migrations: ANALYTICS_MIGRATIONS, partitionsConcurrently },
  );
}

// 3. Sustained with writers: 8 writers, N need snapshots, the real consumers (batched), until the last.
async function sustained() {
  return platformRun(
    'sustained',
    async ({ source, count, consumer, relay }) => {
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
    },
    { handlers: needConsumers(), migrations: ANALYTICS_MIGRATIONS },
  );
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

const steps = new Set(values.steps.split(','));
const skipped = { skipped: true, eventsPerSecond: NaN };
/** One step of the run, or `skipped` when --steps leaves it out. */
const step = async (name, label, run) => {
  if (!steps.has(name)) return skipped;
  const result = await run();
  console.error(label, JSON.stringify(result));
  return result;
};
const raw = await rawKafka();
console.error('raw', JSON.stringify(raw));
const perEvent = await step('per-event', 'pipeline (per event)', () =>
  pipelineDrain('real consumers, each event by handle', { perEvent: true }),
);
const batched = await step('batched', 'pipeline (handleBatch)', () => pipelineDrain('real consumers, handleBatch'));
const concurrent = await step('concurrent', 'pipeline (handleBatch, 3 partitions at once)', () =>
  pipelineDrain('real consumers, handleBatch, 3 partitions at once', { partitionsConcurrently: 3 }),
);
const outboxInbox = await step('sustained', 'sustained', sustained);
// --latency-seconds 0 (or --steps without latency) skips the step (e.g. against an older pipeline without `onProcessed`).
const lat = LATENCY_SECONDS > 0 ? await step('latency', 'latency', latency) : skipped;
const ratio = (r) => Number((r.eventsPerSecond / raw.eventsPerSecond).toFixed(3));
const report = {
  command: `npm run bench:events -- --events ${N} --latency-seconds ${LATENCY_SECONDS} --rate ${RATE}`,
  machine: machine(),
  at: new Date().toISOString(),
  topic: TOPICS.councilNeed,
  rawKafkajs: raw,
  consumers: 'analytics NeedSnapshotConsumer, NeedFlowsConsumer, NeedTransitionsConsumer (import-shaped events)',
  pipelinePerEvent: { ...perEvent, ratio: ratio(perEvent) },
  pipelineBatched: { ...batched, ratio: ratio(batched) },
  pipelineBatchedConcurrent: { ...concurrent, ratio: ratio(concurrent) },
  sustainedWithWriters: { ...outboxInbox, ratio: ratio(outboxInbox) },
  latencyAtRate: lat,
};
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/events.json'), JSON.stringify(report, null, 2));
console.log(
  `events: raw kafkajs ${raw.eventsPerSecond}/s; real consumers per event ${perEvent.eventsPerSecond}/s (ratio ` +
    `${ratio(perEvent)}); handleBatch ${batched.eventsPerSecond}/s (${ratio(batched)}); handleBatch + 3 partitions ` +
    `${concurrent.eventsPerSecond}/s (${ratio(concurrent)}, relay ${concurrent.relayEventsPerSecond}/s); with writers ` +
    `${outboxInbox.eventsPerSecond}/s (writers ${outboxInbox.writeEventsPerSecond}/s); at ${lat.achievedRate}/s: ` +
    `p50 ${lat.p50} ms, p99 ${lat.p99} ms (bench/out/events.json)`,
);
console.error(`broker ${broker.brokers}: ${(await broker.stop()).trim()}`);
process.exit(0);
