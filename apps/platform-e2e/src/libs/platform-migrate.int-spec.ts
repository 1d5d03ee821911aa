import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabase, sql, waitFor, type TestDatabase } from '@rcc/testing';
import { migrateDatabase, MIGRATION_LOCK_KEY } from '@rcc/platform';

/** A lock the test holds so the first runner stops inside its first migration, at a moment the test can see. */
const GATE = 424242;

class CreateParent1700000000001 implements MigrationInterface {
  name = 'CreateParent1700000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE parent (id int PRIMARY KEY)');
    await q.query('SELECT pg_advisory_xact_lock($1)', [GATE]);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE parent');
  }
}

class CreateChild1700000000002 implements MigrationInterface {
  name = 'CreateChild1700000000002';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE child (id int PRIMARY KEY, parent int NOT NULL REFERENCES parent (id))');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE child');
  }
}

const MIGRATIONS = [CreateParent1700000000001, CreateChild1700000000002];

describe('migrations under the advisory lock (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('migrate_lock');
  });
  afterAll(async () => {
    await db?.drop();
  });

  const waiting = async () =>
    (
      await sql<{ key: string }>(
        db.url,
        `SELECT ((classid::bigint << 32) | objid::bigint)::text AS key FROM pg_locks
          WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
        [db.name],
      )
    ).map((r) => r.key);

  it('two runners started together both succeed; one applies, the other waits and finds nothing to do', async () => {
    const gate = new pg.Client({ connectionString: db.url });
    await gate.connect();
    try {
      await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
      // The first runner takes the migration lock and stops inside its first migration (on the gate).
      const first = migrateDatabase(db.url, MIGRATIONS);
      await waitFor(async () => (await waiting()).includes(String(GATE)), 'the first runner to reach the gate');
      // The second runner, started while the first is mid-migration, waits on the migration lock.
      const second = migrateDatabase(db.url, MIGRATIONS);
      await waitFor(
        async () => (await waiting()).includes(MIGRATION_LOCK_KEY),
        'the second runner to wait on the migration lock',
      );
      await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);
      const [a, b] = await Promise.all([first, second]);
      expect(a.applied).toEqual(['CreateParent1700000000001', 'CreateChild1700000000002']);
      expect(b.applied).toEqual([]);
      expect(b.executed).toEqual(['CreateParent1700000000001', 'CreateChild1700000000002']);
    } finally {
      await gate.end();
    }
    const rows = await sql<{ name: string }>(db.url, 'SELECT name FROM migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(['CreateParent1700000000001', 'CreateChild1700000000002']);
    // The lock is released: a third run takes it at once and has nothing to do.
    expect((await migrateDatabase(db.url, MIGRATIONS)).applied).toEqual([]);
  });
});
