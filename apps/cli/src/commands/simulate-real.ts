import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import { WEST_MIDLANDS } from '@rcc/simulator';
import { devToken } from './dev-keys.js';

/**
 * `rcc simulate --real`: the full-size soak. The simulated region (N councils, their returns, the market and a year of
 * operations) run by `rcc start --real` on the machine's PostgreSQL (databases of its own, prefix rcc_soak_, made
 * afresh) and Kafka broker (topics under a prefix of its own), on ports moved out of the demo's way. Prints the time
 * to boot, to import each council, to publish, to run the operations and to forecast every council and the region;
 * the launcher's peak memory (every service runs in that one process); events per second through the broker; errors.
 */
const PREFIX = 'rcc_soak_';
const PORT_OFFSET = 20_000;

interface Soak {
  councils: number;
  years: number;
}

async function freshDatabases(admin: string, councils: number): Promise<void> {
  const names = [
    ...WEST_MIDLANDS.slice(0, councils).map((c) => `council_${c.code.toLowerCase()}`),
    'registry',
    'commissioning',
    'analytics',
  ];
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    const role = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = 'rcc'`);
    if (role.rowCount === 0) await client.query(`CREATE ROLE rcc LOGIN NOSUPERUSER CREATEDB`);
    for (const n of names) {
      await client.query(`DROP DATABASE IF EXISTS ${PREFIX}${n} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${PREFIX}${n} OWNER rcc`);
    }
  } finally {
    await client.end();
  }
}

/** The launcher's peak resident memory so far (VmHWM), in MB; 0 where /proc is not there. */
function peakMb(pid: number): number {
  try {
    const line = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Math.round(Number(line[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Events on the soak's topics: the sum of every partition's high-water mark. */
async function eventsOnBroker(brokers: string, topicPrefix: string): Promise<number> {
  const kafka = new Kafka({ clientId: 'rcc-soak', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
    let total = 0;
    for (const t of topics) for (const p of await admin.fetchTopicOffsets(t)) total += Number(p.high);
    return total;
  } finally {
    await admin.disconnect();
  }
}

export async function simulateReal(soak: Soak): Promise<number> {
  const admin = process.env['RCC_PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
  const topicPrefix = `soak${Date.now().toString(36)}.`;
  console.log(`Soak: ${soak.councils} councils, ${soak.years} returns each, real mode (PostgreSQL ${new URL(admin).host}, Kafka ${brokers}, topics ${topicPrefix}*)`); // prettier-ignore
  await freshDatabases(admin, soak.councils);
  const t0 = Date.now();
  const child = spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', '--import', './infra/runtime/register.mjs', 'dist/apps/cli/src/main.js', 'start', '--real'], // prettier-ignore
    {
      cwd: repoRoot(),
      env: {
        ...process.env,
        RCC_DEMO_COUNCILS: String(soak.councils),
        RCC_DEMO_YEARS: String(soak.years),
        RCC_DB_PREFIX: PREFIX,
        RCC_PG_URL: process.env['RCC_PG_URL'] ?? `postgres://rcc@${new URL(admin).host}`,
        KAFKA_BROKERS: brokers,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        RCC_PORT_OFFSET: String(PORT_OFFSET),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakMb(child.pid!))), 1_000);
  const marks: { at: number; line: string }[] = [];
  let errors = 0;
  const errorLines: string[] = [];
  let stderrTail = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderrTail = (stderrTail + d).slice(-4000);
    for (const line of d.split('\n').filter((l) => /error/i.test(l))) {
      errors++;
      if (errorLines.length < 10) errorLines.push(line.slice(0, 300));
    }
  });
  const ready = await new Promise<boolean>((resolve) => {
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffer += d;
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        marks.push({ at: (Date.now() - t0) / 1000, line });
        if (line.startsWith('RCC Exchange is running')) resolve(true);
      }
    });
    void exited.then(() => resolve(false));
  });
  const readyAt = (Date.now() - t0) / 1000;
  for (const m of marks.filter((x) => /^\s{2}\S/.test(x.line) && !/^\s+ey|Bearer/.test(x.line)))
    console.log(`  [${m.at.toFixed(0).padStart(4)} s] ${m.line.trim().slice(0, 400)}`);
  let forecastSeconds = NaN;
  let failed = ready ? 0 : 1;
  if (ready) {
    const hub = await devToken({ subject: 'soak-hub', roles: ['hub.commissioner'] });
    const started = Date.now();
    const f = await graphqlRequest<{ forecasts: { key: string; status: string }[] }>(
      `http://127.0.0.1:${4000 + PORT_OFFSET}/graphql`,
      `{ forecasts(horizon: 12) { key status } }`,
      { token: hub },
    );
    forecastSeconds = (Date.now() - started) / 1000;
    const series = f.data?.forecasts ?? [];
    if (!f.data) failed++;
    console.log(`  forecast: ${series.length} series (${series.filter((s) => s.status === 'ok').length} ok) in ${forecastSeconds.toFixed(1)} s`); // prettier-ignore
  }
  const events = await eventsOnBroker(brokers, topicPrefix).catch(() => NaN);
  const elapsed = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, peakMb(child.pid!));
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const code = await exited;
  if (!ready) console.log(`The region exited (${code}) before it was ready; the end of its stderr:\n${stderrTail}`);
  console.log(`Ready in ${readyAt.toFixed(0)} s; in all ${elapsed.toFixed(0)} s.`);
  console.log(`Launcher peak RSS (every service in one process): ${peak} MB`);
  console.log(`Events on the broker: ${events} (${(events / readyAt).toFixed(1)} per second from start to ready)`);
  console.log(`Errors: ${failed} failed steps, ${errors} error lines logged`);
  for (const l of errorLines) console.log(`  ${l}`);
  return failed === 0 && errors === 0 ? 0 : 1;
}
