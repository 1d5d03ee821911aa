import { execFile } from 'node:child_process';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource, type EntityManager } from 'typeorm';
import { ContractViolationError, NeedSnapshotV1Event, type EventEnvelope, type NeedSnapshotV1 } from '@rcc/contracts';
import {
  enqueueEvent,
  MessagingTables1763769600000,
  OutboxTraceHeaders1796538264000,
  type EventHandler,
} from '@rcc/messaging';
import { repoRoot } from '@rcc/platform';

/**
 * The messaging pipeline under fault and load: a source database whose writers record a change and its event in one
 * transaction (the outbox), the real OutboxRelay (in its own process, so it can be killed), Kafka, and a sink
 * database whose InboxConsumer applies one effect row per event. Shared by the fault tests and bench/events.mjs.
 *
 * Each event is a council's need snapshot whose `total` carries the change's sequence number for its key, so the
 * sink can check exactly-once and order per key from the effect rows alone.
 */
export const SINK_CONSUMER = 'fault-sink';

/** A database with the messaging tables migrated in and one table of the test's own (`tableSql`). */
async function openMessagingDatabase(url: string, poolSize: number, tableSql: string): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url,
    migrations: [MessagingTables1763769600000, OutboxTraceHeaders1796538264000],
    poolSize,
  });
  await ds.initialize();
  await ds.runMigrations();
  await ds.query(tableSql);
  return ds;
}

export const openSource = (url: string): Promise<DataSource> =>
  openMessagingDatabase(
    url,
    12,
    `CREATE TABLE IF NOT EXISTS source_change (
    key text NOT NULL, seq int NOT NULL, PRIMARY KEY (key, seq))`,
  );

export const openSink = (url: string): Promise<DataSource> =>
  openMessagingDatabase(
    url,
    6,
    `CREATE TABLE IF NOT EXISTS effect (
    id bigserial PRIMARY KEY, event_id uuid NOT NULL, key text NOT NULL, seq int NOT NULL,
    occurred_at timestamptz NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
  );

/** The effect: one row per event, in the inbox's transaction. */
export class SequenceEffect implements EventHandler<NeedSnapshotV1> {
  readonly definition = NeedSnapshotV1Event;
  async handle(envelope: EventEnvelope<NeedSnapshotV1>, em: EntityManager): Promise<void> {
    await em.query(`INSERT INTO effect (event_id, key, seq, occurred_at) VALUES ($1, $2, $3, $4)`, [
      envelope.id,
      envelope.key,
      envelope.payload.total,
      envelope.occurredAt,
    ]);
  }
}

/** The same effect, a batch of events in one statement (the inbox's `handleBatch` path), rows inserted in order. */
export class BatchSequenceEffect extends SequenceEffect {
  async handleBatch(envelopes: EventEnvelope<NeedSnapshotV1>[], em: EntityManager): Promise<void> {
    await em.query(
      `INSERT INTO effect (event_id, key, seq, occurred_at)
       SELECT id, key, seq, occurred_at
         FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[]) WITH ORDINALITY AS e(id, key, seq, occurred_at, n)
        ORDER BY n`,
      [
        envelopes.map((e) => e.id),
        envelopes.map((e) => e.key),
        envelopes.map((e) => e.payload.total),
        envelopes.map((e) => e.occurredAt),
      ],
    );
  }
}

/** The event for change `seq` of `key`: its total carries the sequence number. */
export function snapshotPayload(key: string, seq: number): NeedSnapshotV1 {
  return {
    councilCode: key,
    asAt: '2026-03-31',
    total: seq,
    cells: [{ category: 'fostering', ageBand: '5-9', count: seq }],
  };
}

export function councilKey(i: number): string {
  return `E10${String(900000 + i).padStart(6, '0')}`;
}

/**
 * One business change with its event, idempotent like real business code: the change row's primary key makes a
 * retried transaction that had in fact committed a no-op, so an uncertain commit never makes a second event.
 */
export async function writeChange(ds: DataSource, key: string, seq: number): Promise<boolean> {
  return ds.transaction(async (em) => {
    const inserted = (await em.query(
      `INSERT INTO source_change (key, seq) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING seq`,
      [key, seq],
    )) as unknown[];
    if (inserted.length === 0) return false;
    await enqueueEvent(em, NeedSnapshotV1Event, {
      producer: 'fault-writer',
      tenant: key,
      key,
      payload: snapshotPayload(key, seq),
    });
    return true;
  });
}

/** Writes seq 1..perKey for each key in order, retrying each change until it is committed (faults come and go). */
export async function runWriter(
  ds: DataSource,
  keys: string[],
  perKey: number,
  onError: (error: unknown) => void = () => undefined,
  pauseMs = 0,
): Promise<void> {
  for (let seq = 1; seq <= perKey; seq++) {
    for (const key of keys) {
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      for (let attempt = 0; ; attempt++) {
        try {
          await writeChange(ds, key, seq);
          break;
        } catch (error) {
          if (error instanceof ContractViolationError) throw error; // a bug, not a fault: retrying cannot help
          onError(error);
          await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)));
        }
      }
    }
  }
}

/** What the sink holds: counts, duplicates and per-key order, checked in SQL. */
export async function sinkReport(sink: DataSource): Promise<{
  effects: number;
  distinctEvents: number;
  keys: number;
  outOfOrderKeys: string[];
  gapKeys: string[];
}> {
  const [totals] = (await sink.query(
    `SELECT count(*)::int AS effects, count(DISTINCT event_id)::int AS "distinctEvents",
            count(DISTINCT key)::int AS keys FROM effect`,
  )) as { effects: number; distinctEvents: number; keys: number }[];
  const perKey = (await sink.query(
    `SELECT key, array_agg(seq ORDER BY id) AS seqs FROM effect GROUP BY key ORDER BY key`,
  )) as { key: string; seqs: number[] }[];
  const outOfOrderKeys: string[] = [];
  const gapKeys: string[] = [];
  for (const { key, seqs } of perKey) {
    if (seqs.some((s, i) => i > 0 && s <= seqs[i - 1]!)) outOfOrderKeys.push(key);
    if (seqs.some((s, i) => s !== i + 1)) gapKeys.push(key);
  }
  return { ...totals!, outOfOrderKeys, gapKeys };
}

/** A PostgreSQL outage for some databases only: no new connections, and every open session is cut. */
export async function pausePostgres(adminUrl: string, databases: string[], ms: number): Promise<void> {
  const admin = new DataSource({ type: 'postgres', url: adminUrl });
  await admin.initialize();
  try {
    for (const db of databases) await admin.query(`ALTER DATABASE ${db} WITH ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ANY($1)`, [databases]);
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    for (const db of databases) await admin.query(`ALTER DATABASE ${db} WITH ALLOW_CONNECTIONS true`);
    await admin.destroy();
  }
}

/**
 * A second Kafka broker of our own (never the shared one): infra/kafka/kafka.sh with its own ports and data dir, so
 * it can be killed and restarted while other people's tests use the shared broker.
 */
export class OwnBroker {
  readonly brokers: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(port = Number(process.env['RCC_FAULT_KAFKA_PORT'] ?? 19092)) {
    this.brokers = `127.0.0.1:${port}`;
    this.env = {
      ...process.env,
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(port + 1),
      KAFKA_DATA_DIR: join(tmpdir(), `rcc-kafka-faults-${port}`),
    };
  }

  private async run(command: 'start' | 'stop' | 'kill'): Promise<string> {
    const { stdout } = await promisify(execFile)('bash', [join(repoRoot(), 'infra/kafka/kafka.sh'), command], {
      env: this.env,
      timeout: 180_000,
    });
    return stdout;
  }

  start = () => this.run('start');
  stop = () => this.run('stop');
  kill = () => this.run('kill');
}

/** The outbox relay in a process of its own (dist/, like production), so a fault test can SIGKILL it. */
export class RelayProcess {
  private child: ChildProcess | undefined;
  private output = '';

  constructor(private readonly env: Record<string, string>) {}

  start(): Promise<void> {
    const root = repoRoot();
    const child = spawn(
      process.execPath,
      [
        '--disable-warning=TimeoutNegativeWarning',
        '--import',
        join(root, 'infra/runtime/register.mjs'),
        join(root, 'dist/apps/platform-e2e/src/faults/relay-process.js'),
      ],
      { cwd: root, env: { PATH: process.env['PATH'] ?? '', ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    return new Promise((resolve, reject) => {
      const onData = (d: Buffer) => {
        this.output += d.toString();
        if (this.output.includes('relay: running')) resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
      child.once('exit', (code) => reject(new Error(`relay exited (${code}):\n${this.output}`)));
    });
  }

  /** SIGKILL: no shutdown hook runs; whatever it was doing is cut off mid-way. */
  kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  logs(): string {
    return this.output;
  }
}
