import type { StartedInfrastructure } from './local-infra.js';

/** Integration global teardown: stops the PostgreSQL and Kafka the global setup started, and nothing else. */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __rccStartedInfrastructure?: StartedInfrastructure[] };
  const all = holder.__rccStartedInfrastructure ?? [];
  holder.__rccStartedInfrastructure = [];
  for (const started of all.reverse()) {
    if (started.started.length === 0) continue;
    await started.stop();
    process.stdout.write(`rcc tests: stopped ${started.started.join(' and ')}\n`);
  }
}
