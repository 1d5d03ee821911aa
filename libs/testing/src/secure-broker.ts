import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@rcc/platform';
import { freePort } from './infra.js';

export interface SecureBroker {
  brokers: string;
  /** SCRAM-SHA-512 credentials of a user made at start. */
  sasl(user: string): { mechanism: 'scram-sha-512'; username: string; password: string };
  stop(): Promise<void>;
}

/**
 * A real Kafka broker of a test's own (own ports, own data dir; never the shared one) with SASL/SCRAM and the KRaft
 * StandardAuthorizer: only ACLs let anyone do anything. `users[0]` is its super user. Stop it in afterAll.
 */
export async function startSecureBroker(users: Record<string, string>): Promise<SecureBroker> {
  const port = await freePort();
  let controller = await freePort();
  while (controller === port) controller = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'rcc-kafka-secure-'));
  const env = {
    ...process.env,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controller),
    KAFKA_DATA_DIR: dataDir,
    KAFKA_SECURE: '1',
    KAFKA_SCRAM_USERS: Object.entries(users)
      .map(([u, p]) => `${u}=${p}`)
      .join(','),
    KAFKA_WAIT_SECONDS: process.env['KAFKA_WAIT_SECONDS'] ?? '240',
  };
  const run = (command: 'start' | 'stop') =>
    promisify(execFile)('bash', [join(repoRoot(), 'infra/kafka/kafka.sh'), command], { env, timeout: 300_000 });
  try {
    await run('start');
  } catch (error) {
    await run('stop').catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    brokers: `127.0.0.1:${port}`,
    sasl: (user) => {
      const password = users[user];
      if (password === undefined) throw new Error(`no SCRAM user ${user} on this broker`);
      return { mechanism: 'scram-sha-512', username: user, password };
    },
    stop: async () => {
      await run('stop');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
