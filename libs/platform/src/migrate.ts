import type { DynamicModule } from '@nestjs/common';
import { DataSource, MigrationExecutor } from 'typeorm';

/**
 * Schema migrations as a deployment step (docs/adr/0038). `rcc migrate` (and the Kubernetes migration Job) applies a
 * service's migrations under a PostgreSQL advisory lock, so two runners started together never race: one applies,
 * the other waits and finds nothing left to do. A service at start either applies them the same way (development,
 * test and embedded mode) or only verifies that nothing is pending and refuses to run otherwise (production).
 */

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type MigrationList = Function[];

/** `apply`: migrate at start under the lock; `verify`: refuse to start while a migration is pending. */
export type MigrationMode = 'apply' | 'verify';

/** The advisory lock key every RCC migration runner takes (any 64-bit number; this one spells "rcc-migr"). */
export const MIGRATION_LOCK_KEY = '8241994611580055154';

export interface MigrationResult {
  /** Migrations this run applied (empty when another runner, or an earlier run, already had). */
  applied: string[];
  /** Migrations the database now has, in order. */
  executed: string[];
}

/** Thrown by a service started against a database that lacks some of its migrations. */
export class UnmigratedDatabaseError extends Error {
  constructor(
    readonly service: string,
    readonly pending: string[],
  ) {
    super(
      `${service}: refusing to start, the database lacks ${pending.length} migration(s) (${pending.join(', ')}); ` +
        'run the migration step first: npm run rcc -- migrate (RCC_APP and the service environment), ' +
        'or the migration Job in Kubernetes',
    );
    this.name = 'UnmigratedDatabaseError';
  }
}

const registered = new WeakMap<DynamicModule, MigrationList>();

/** PlatformModule records the migrations of each service module it builds, so the migrate step can find them. */
export function registerMigrations(module: DynamicModule, migrations: MigrationList): void {
  registered.set(module, migrations);
}

/** The migrations of a service's root module (found in the PlatformModule among its imports). */
export function migrationsOf(module: DynamicModule): MigrationList {
  const seen = new Set<unknown>();
  const visit = (m: unknown): MigrationList | undefined => {
    if (!m || typeof m !== 'object' || seen.has(m)) return undefined;
    seen.add(m);
    const found = registered.get(m as DynamicModule);
    if (found) return found;
    for (const child of (m as DynamicModule).imports ?? []) {
      const inner = visit(child);
      if (inner) return inner;
    }
    return undefined;
  };
  const migrations = visit(module);
  if (!migrations) throw new Error(`${module.module.name} has no database migrations (it imports no PlatformModule)`);
  return migrations;
}

/**
 * Applies pending migrations on an initialised data source, holding the advisory lock on the same connection that
 * runs them (so it also works where every connection shares one session, as with PGlite). Each migration runs in a
 * transaction of its own; the lock is released even when one fails.
 */
export async function applyMigrationsLocked(dataSource: DataSource): Promise<MigrationResult> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      const executed = await executor.getExecutedMigrations();
      return { applied: applied.map((m) => m.name), executed: executed.map((m) => m.name).reverse() };
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** Names of the migrations the data source knows and its database has not run. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const executor = new MigrationExecutor(dataSource, runner);
    return (await executor.getPendingMigrations()).map((m) => m.name);
  } finally {
    await runner.release();
  }
}

/** What a service does with its database at start: apply under the lock, or verify and refuse when behind. */
export async function prepareSchema(dataSource: DataSource, service: string, mode: MigrationMode): Promise<void> {
  if (mode === 'apply') {
    await applyMigrationsLocked(dataSource);
    return;
  }
  const pending = await pendingMigrations(dataSource);
  if (pending.length > 0) throw new UnmigratedDatabaseError(service, pending);
}

/** The migrate step for one database: connect, apply under the lock, disconnect. */
export async function migrateDatabase(url: string, migrations: MigrationList): Promise<MigrationResult> {
  const dataSource = new DataSource({ type: 'postgres', url, migrations, entities: [], logging: ['error'] });
  await dataSource.initialize();
  try {
    return await applyMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
