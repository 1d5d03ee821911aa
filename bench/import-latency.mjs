/* global fetch */
// End-to-end latency from a council's import commit to analytics holding the figures, with the real services as
// separate processes: a council service and the analytics service on real PostgreSQL and the shared Kafka broker
// (a topic prefix of their own), while other councils' need snapshots arrive at --rate events/s (signed as those
// councils, on their per-council topics, as their instances would publish them).
// The council imports the sample council's returns, one more year each time (2017, 2017-2018, ... : new content,
// so each is a real import whose whole monthly series goes through the outbox). For each import: t0 = the import's
// answer returned (the transaction has committed just before), t1 = analytics' inbox holding every event that
// import put in the council's outbox (inbox rows are written in the effect's transaction, so they are the figures
// held), polled every 5 ms. Reported: per import, events and t1 - t0; and the background rate achieved.
// Run: npm run build && node --import ./infra/runtime/register.mjs bench/import-latency.mjs [-- --rate 1000]
import 'reflect-metadata';
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { NeedSnapshotV1Event, createEnvelope } from '@rcc/contracts';
import { repoRoot } from '@rcc/platform';
import {
  baseEnv,
  createTestDatabase,
  freePort,
  KAFKA_BROKERS,
  spawnService,
  sql,
  testEventRecord,
  testToken,
} from '@rcc/testing';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '1000' } } });
const RATE = Number(values.rate);
const root = repoRoot();
const samples = join(root, 'libs/testing/fixtures/ssda903/sample-council-2017-2021');
const COUNCIL = { code: 'E10000028', name: 'Staffordshire' };
// The other councils of an eight-council region, whose snapshots make the background load.
const OTHERS = Array.from({ length: 7 }, (_, i) => `E10${String(900000 + i).padStart(6, '0')}`);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const load = () => loadavg().map((l) => +l.toFixed(1));

const prefix = `b${randomUUID().slice(0, 8)}.`;
const councilDb = await createTestDatabase('lat_council');
const analyticsDb = await createTestDatabase('lat_analytics');
const env = { ...baseEnv(), KAFKA_TOPIC_PREFIX: prefix };
const analytics = await spawnService('analytics', {
  ...env,
  PORT: String(await freePort()),
  DATABASE_URL: analyticsDb.url,
  RCC_DISCLOSURE_MIN_COUNT: '6',
  RCC_REGION_COUNCILS: [COUNCIL.code, ...OTHERS].join(','),
});
const council = await spawnService(
  'council',
  {
    ...env,
    PORT: String(await freePort()),
    DATABASE_URL: councilDb.url,
    COUNCIL_CODE: COUNCIL.code,
    COUNCIL_NAME: COUNCIL.name,
    RCC_SHARING: 'need-snapshot',
  },
  `council-${COUNCIL.code}`,
);

// Background: other councils' snapshots at RATE/s, in sends every 20 ms.
const kafka = new Kafka({ clientId: 'bench-latency', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.WARN });
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
let running = true;
let sent = 0;
const background = (async () => {
  const start = now();
  let seq = 0;
  while (running) {
    const due = Math.floor(((now() - start) / 1000) * RATE);
    const byTopic = new Map();
    // At most 500 a send (the broker's 1 MB message limit); behind schedule, the next send follows at once.
    for (const stop = Math.min(due, sent + 500); sent < stop; sent++) {
      const key = OTHERS[sent % OTHERS.length];
      seq += 1;
      const envelope = createEnvelope(NeedSnapshotV1Event, {
        producer: `council:${key}`,
        tenant: key,
        key,
        payload: { councilCode: key, asAt: '2026-03-31', total: seq, cells: [{ category: 'fostering', ageBand: '5-9', count: seq }] },
      }); // prettier-ignore
      const record = testEventRecord(prefix, {
        topic: NeedSnapshotV1Event.topic,
        key,
        value: JSON.stringify(envelope),
      });
      byTopic.set(record.topic, [...(byTopic.get(record.topic) ?? []), ...record.messages]);
    }
    if (byTopic.size > 0) {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    }
    if (sent >= due) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { events: sent, seconds: (now() - start) / 1000 };
})();

const token = await testToken({ subject: 'bench', roles: ['council.analyst'], council: COUNCIL.code });
const auth = { authorization: `Bearer ${token}` };
// The returns' CSV files only (the folder also holds the fixtures' licence and README).
const returnFiles = readdirSync(samples).filter((f) => /^\d{4}-[a-z0-9_]+\.csv$/.test(f));
const years = [...new Set(returnFiles.map((f) => f.slice(0, 4)))].sort();
const runs = [];
try {
  // Let the background reach its rate, and the consumers join, before the first import.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  for (let n = 1; n <= years.length; n++) {
    const [{ seq: before }] = await sql(councilDb.url, `SELECT coalesce(max(seq), 0)::bigint AS seq FROM outbox`);
    const upload = randomUUID();
    const files = returnFiles.filter((f) => years.slice(0, n).includes(f.slice(0, 4))).sort();
    for (const [i, f] of files.entries()) {
      const res = await fetch(`${council.url}/ssda903/uploads/${upload}/${i}?name=${encodeURIComponent(f)}`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/octet-stream' },
        body: readFileSync(join(samples, f)),
      });
      if (!res.ok) throw new Error(await res.text());
    }
    const res = await fetch(`${council.url}/ssda903/uploads/${upload}/import`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    const lines = (await res.text()).trim().split('\n');
    const t0 = now();
    const result = JSON.parse(lines.at(-1)).result;
    if (!res.ok || !result) throw new Error(lines.at(-1).slice(0, 2000));
    const ids = (await sql(councilDb.url, `SELECT event_id FROM outbox WHERE seq > $1`, [before])).map(
      (r) => r.event_id,
    );
    let t1;
    for (;;) {
      const [{ held }] = await sql(
        analyticsDb.url,
        `SELECT count(*)::int AS held FROM inbox WHERE event_id = ANY($1::uuid[])`,
        [ids],
      );
      if (held === ids.length) {
        t1 = now();
        break;
      }
      if (now() - t0 > 120_000) throw new Error(`analytics holds ${held} of ${ids.length} events after 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    runs.push({ years: years.slice(0, n).join(','), events: ids.length, ms: Math.round(t1 - t0), load: load() });
    console.error(JSON.stringify(runs.at(-1)));
  }
} finally {
  running = false;
}
const bg = await background;
await producer.disconnect();
const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
const report = {
  command: `node --import ./infra/runtime/register.mjs bench/import-latency.mjs --rate ${RATE}`,
  at: new Date().toISOString(),
  what: 'council import commit (answer returned) -> analytics inbox holding every event of that import',
  background: { targetRate: RATE, achievedRate: Math.round(bg.events / bg.seconds) },
  runs,
  medianMs: ms[Math.floor(ms.length / 2)],
  maxMs: ms.at(-1),
};
await council.stop();
await analytics.stop();
await councilDb.drop();
await analyticsDb.drop();
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/import-latency.json'), JSON.stringify(report, null, 2));
console.log(JSON.stringify(report));
process.exit(0);
