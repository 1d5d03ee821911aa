import { DataSource, type MigrationInterface } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './infra.js';

export interface MigratedDataSource {
  db: TestDatabase;
  dataSource: DataSource;
  /** Closes the data source and drops the database. */
  close(): Promise<void>;
}

/**
 * A fresh database named after `name`, the `migrations` run into it (each in its own transaction, or all in one),
 * and a TypeORM data source on it, for tests of code that runs inside a service without starting the service.
 */
export async function migratedDataSource(
  name: string,
  migrations: (new () => MigrationInterface)[],
  options: { transaction?: 'each' | 'all'; entities?: (new () => object)[] } = {},
): Promise<MigratedDataSource> {
  const db = await createTestDatabase(name);
  const dataSource = new DataSource({ type: 'postgres', url: db.url, migrations, entities: options.entities ?? [] });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: options.transaction ?? 'all' });
  return {
    db,
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await db.drop();
    },
  };
}
