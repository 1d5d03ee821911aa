import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@rcc/platform';

/**
 * Runs the built CLI (dist/, built by the integration set-up) as a user would, in test mode. `token`: a token from the
 * test issuer the services trust (the CLI takes RCC_TOKEN before its own development issuer).
 */
export function runCli(args: string[], token?: string): SpawnSyncReturns<string> {
  const root = repoRoot();
  return spawnSync(
    process.execPath,
    ['--import', join(root, 'infra/runtime/register.mjs'), join(root, 'dist/apps/cli/src/main.js'), ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, RCC_ENV: 'test', ...(token === undefined ? {} : { RCC_TOKEN: token }) },
      timeout: 120_000,
    },
  );
}
