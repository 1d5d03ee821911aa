import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether an import's need snapshot was shared with the region (the council's data-sharing agreement). */
export class ImportShared1763769605000 implements MigrationInterface {
  name = 'ImportShared1763769605000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_batch ADD COLUMN shared boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE import_batch ALTER COLUMN shared DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_batch DROP COLUMN shared`);
  }
}
