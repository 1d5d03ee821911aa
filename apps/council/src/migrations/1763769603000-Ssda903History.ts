import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Several years of returns: which return each row was last reported in, the stitched end date used for counting
 * (kept apart from the statutory DEC) with its repair rule, and the other SSDA903 tables, replaced per year.
 */
export class Ssda903History1763769603000 implements MigrationInterface {
  name = 'Ssda903History1763769603000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE child ADD COLUMN source_year integer`);
    await q.query(`
      ALTER TABLE episode
        ADD COLUMN source_year   integer,
        ADD COLUMN dec_effective date,
        ADD COLUMN repair        text,
        ADD CONSTRAINT episode_dec_effective_after_start CHECK (dec_effective IS NULL OR dec_effective >= decom)`);
    await q.query(`UPDATE episode SET dec_effective = dec`);
    await q.query(`
      ALTER TABLE import_batch
        ADD COLUMN years   integer[] NOT NULL DEFAULT '{}',
        ADD COLUMN records integer   NOT NULL DEFAULT 0,
        ADD COLUMN repairs integer   NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE ssda903_record (
        id              bigserial PRIMARY KEY,
        table_name      text      NOT NULL,
        collection_year integer   NOT NULL,
        child_id        text      NOT NULL,
        data            jsonb     NOT NULL,
        batch_id        uuid      NOT NULL REFERENCES import_batch (id) DEFERRABLE INITIALLY DEFERRED
      )`);
    await q.query(`CREATE INDEX ssda903_record_table_year ON ssda903_record (table_name, collection_year)`);
    await q.query(`CREATE INDEX ssda903_record_child ON ssda903_record (child_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ssda903_record`);
    await q.query(`ALTER TABLE import_batch DROP COLUMN years, DROP COLUMN records, DROP COLUMN repairs`);
    await q.query(
      `ALTER TABLE episode DROP CONSTRAINT episode_dec_effective_after_start, DROP COLUMN source_year, DROP COLUMN dec_effective, DROP COLUMN repair`,
    );
    await q.query(`ALTER TABLE child DROP COLUMN source_year`);
  }
}
