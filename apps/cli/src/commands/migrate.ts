import { parseArgs } from 'node:util';
import type { ServiceBootstrap } from '@rcc/platform';

export const MIGRATE_USAGE = `migrate [--app council|registry|commissioning|analytics]   (default: RCC_APP)
the service's own environment (DATABASE_URL and the rest of its settings) selects the database`;

const APPS = ['council', 'registry', 'commissioning', 'analytics'] as const;

/**
 * The migration step (docs/adr/0038): applies one service's pending migrations to its database under the PostgreSQL
 * advisory lock, so it can run beside another copy of itself (two Job pods, a rollout) and before the service starts.
 * The service's configuration class validates the environment first, as at service start.
 */
export async function migrateCommand(argv: string[], env = process.env): Promise<string> {
  const { values } = parseArgs({ args: argv, options: { app: { type: 'string', default: env['RCC_APP'] } } });
  const app = values.app;
  if (!app || !(APPS as readonly string[]).includes(app)) {
    throw new Error(
      `migrate: --app (or RCC_APP) must be one of ${APPS.join(', ')}; got ${JSON.stringify(app ?? null)}`,
    );
  }
  // Loaded by path from the compiled output, as `start` does: the CLI composes services, it does not import app code.
  const { bootstrap } = (await import(new URL(`../../../${app}/src/main.js`, import.meta.url).href)) as {
    bootstrap: ServiceBootstrap;
  };
  if (!bootstrap.migrate) throw new Error(`migrate: ${app} has no database`);
  const result = await bootstrap.migrate(env);
  return result.applied.length === 0
    ? `${app}: up to date (${result.executed.length} migrations)`
    : `${app}: applied ${result.applied.length} migration(s): ${result.applied.join(', ')}`;
}
