import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ADR 0047: the SSDA903 tables are written only by the import, which checks in one statement per import what these
 * foreign keys checked row by row (an episode's child is in the import or stored; every row's batch is the import's
 * own batch row, written in the same transaction). At a million episode rows the per-row checks (one index probe per
 * episode on insert, one deferred trigger per row at commit) were a fifth of the import. Referrals keep theirs.
 */
export class ImportSetWiseIntegrity1763769660470 implements MigrationInterface {
  name = 'ImportSetWiseIntegrity1763769660470';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE episode DROP CONSTRAINT episode_child_id_fkey, DROP CONSTRAINT episode_batch_id_fkey`);
    await q.query(`ALTER TABLE child DROP CONSTRAINT child_batch_id_fkey`);
    await q.query(`ALTER TABLE ssda903_record DROP CONSTRAINT ssda903_record_batch_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE episode
        ADD CONSTRAINT episode_child_id_fkey FOREIGN KEY (child_id) REFERENCES child (child_id),
        ADD CONSTRAINT episode_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES import_batch (id)
          DEFERRABLE INITIALLY DEFERRED`);
    await q.query(`
      ALTER TABLE child ADD CONSTRAINT child_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES import_batch (id)
        DEFERRABLE INITIALLY DEFERRED`);
    await q.query(`
      ALTER TABLE ssda903_record ADD CONSTRAINT ssda903_record_batch_id_fkey FOREIGN KEY (batch_id)
        REFERENCES import_batch (id) DEFERRABLE INITIALLY DEFERRED`);
  }
}
