import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

export const PG_ADMIN_URL = process.env['RCC_PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const KAFKA_BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database on the real PostgreSQL server: empty (the service's own migrations fill it) or a copy of a template. */
export async function createTestDatabase(
  label: string,
  options: { /** Copy this database (its schema and rows) instead of starting empty. */ template?: TestDatabase } = {},
): Promise<TestDatabase> {
  const name = `rcc_t_${label
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()
    .slice(0, 40)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${options.template ? ` TEMPLATE ${options.template.name}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Why PostgreSQL at PG_ADMIN_URL does not answer, or undefined when it does. */
export async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A Kafka client of the test broker (KAFKA_BROKERS), quiet unless `options` says otherwise. */
export function testKafka(clientId: string, options: Omit<KafkaConfig, 'clientId' | 'brokers'> = {}): Kafka {
  return new Kafka({ clientId, brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, ...options });
}

/** Why the Kafka broker at KAFKA_BROKERS does not answer, or undefined when it does. */
export async function probeKafka(): Promise<string | undefined> {
  const admin = testKafka('rcc-test-probe', {
    retry: { retries: 2, initialRetryTime: 300 },
    connectionTimeout: 3000,
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Throws with the command to run when PostgreSQL or Kafka is not reachable: integration tests fail, never skip.
 * (The global setup first starts whichever is missing at a local address: local-infra.ts.)
 */
export async function requireInfrastructure(): Promise<void> {
  const problems: string[] = [];
  const pgProblem = await probePostgres();
  if (pgProblem) {
    problems.push(
      `PostgreSQL at ${PG_ADMIN_URL} is not reachable (${pgProblem}); start it, e.g. pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
    );
  }
  const kafkaProblem = await probeKafka();
  if (kafkaProblem) {
    problems.push(
      `Kafka at ${KAFKA_BROKERS} is not reachable (${kafkaProblem}); start it with: npm run kafka -- start && npm run kafka -- wait`,
    );
  }
  if (problems.length > 0) {
    throw new Error(`Integration tests need real PostgreSQL and Kafka:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Thrown by a probe to stop waiting at once: what it waits for can no longer happen (e.g. the process exited). */
export class GiveUp extends Error {}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 30_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      if (error instanceof GiveUp) throw new Error(`gave up waiting for ${what}: ${error.message}`);
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A TCP port nothing is listening on now (the OS picks it), so test regions do not collide with `npm start`. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One SQL statement against a test database (assertions on what a service wrote). */
export async function sql<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
