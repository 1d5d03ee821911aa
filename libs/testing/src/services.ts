import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@rcc/platform';
import { GiveUp, KAFKA_BROKERS, waitFor } from './infra.js';
import { testTrustEnv } from './issuer.js';

export interface SpawnedService {
  name: string;
  url: string;
  graphqlUrl: string;
  /** The process id (its memory is in /proc/<pid>/status). */
  pid: number;
  logs(): string;
  stop(): Promise<void>;
}

/** Environment shared by every service in a test region: real Kafka, the test token issuer and event keys. */
export function baseEnv(): Record<string, string> {
  return {
    RCC_ENV: 'test',
    RCC_BUS: 'kafka',
    KAFKA_BROKERS,
    ...testTrustEnv(),
    HOST: '127.0.0.1',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    // Test regions send thousands of requests from one address and a few principals; the rate-limit tests set their own.
    RCC_RATE_LIMIT_PER_PRINCIPAL: '0',
    RCC_RATE_LIMIT_PER_ADDRESS: '0',
    // Council instances only; a development key (refused in production).
    RCC_PSEUDONYM_KEY: 'rcc-dev-pseudonym-key-for-test-regions-only',
  };
}

/**
 * Starts a service the way production does: its own Node process from the compiled output (dist/, built by the
 * integration global setup), with its own environment. Resolves when /health answers.
 */
export async function spawnService(app: string, env: Record<string, string>, label = app): Promise<SpawnedService> {
  const root = repoRoot();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      // kafkajs 2.2.4 on Node 24 (tulios/kafkajs#1751); harmless.
      '--disable-warning=TimeoutNegativeWarning',
      '--import',
      join(root, 'infra/runtime/register.mjs'),
      join(root, 'dist/apps', app, 'src/main.js'),
    ],
    { cwd: root, env: { PATH: process.env['PATH'] ?? '', TZ: 'UTC', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${env['PORT']}`;
  try {
    await waitFor(
      async () => {
        if (exited) throw new GiveUp(`${label} exited:\n${output}`);
        const res = await fetch(`${url}/health`);
        return res.ok;
      },
      `${label} to be healthy`,
      // A loaded machine (CI shared by several runs) can take longer to boot six NestJS processes at once.
      Number(process.env['RCC_TEST_START_TIMEOUT_MS'] ?? 60_000),
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- ${label} output ---\n${output}`);
  }
  return {
    name: label,
    url,
    graphqlUrl: `${url}/graphql`,
    pid: child.pid!,
    logs: () => output,
    stop: async () => {
      if (exited) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}
