import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Integration global setup: PostgreSQL and Kafka must be there (the tests fail, never skip, without them), and the
 * services are compiled once so end-to-end tests start them as real processes.
 *
 * Jest loads this file with Node's own loader (no moduleNameMapper), so the sibling module is imported by its real
 * file name; Node 24 strips its types.
 */
export default async function globalSetup(): Promise<void> {
  const infra = (await import(new URL('./infra.ts', import.meta.url).href)) as typeof import('./infra.js');
  await infra.requireInfrastructure();
  // For quick reruns of suites that start no service processes: RCC_TEST_NO_BUILD=1 skips the compile.
  if (process.env['RCC_TEST_NO_BUILD'] === '1') return;
  const root = join(import.meta.dirname, '../../..');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
