import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { requireInfrastructure } from './infra.js';

/**
 * Integration global setup: PostgreSQL and Kafka must be there (the tests fail, never skip, without them), and the
 * services are compiled once so end-to-end tests start them as real processes.
 */
export default async function globalSetup(): Promise<void> {
  await requireInfrastructure();
  const root = join(import.meta.dirname, '../../..');
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  });
}
