import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Tenders1763769604000 implements MigrationInterface {
  name = 'Tenders1763769604000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tender (
        id         uuid        PRIMARY KEY,
        title      text        NOT NULL CHECK (length(trim(title)) > 0),
        status     text        NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'published', 'open', 'evaluation', 'awarded', 'abandoned')),
        created_by text        NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tender`);
  }
}
