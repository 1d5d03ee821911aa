import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Providers1763769603000 implements MigrationInterface {
  name = 'Providers1763769603000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE provider (
        id         uuid        PRIMARY KEY,
        name       text        NOT NULL CHECK (length(trim(name)) > 0),
        sector     text        NOT NULL CHECK (sector IN ('private', 'voluntary', 'local-authority', 'health')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX provider_name ON provider (lower(name))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE provider`);
  }
}
