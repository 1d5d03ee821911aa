import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Child-level SSDA903 rows, the import log and the append-only audit log of child-level reads. */
export class ChildLevelRecords1763769602000 implements MigrationInterface {
  name = 'ChildLevelRecords1763769602000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_batch (
        id              uuid        PRIMARY KEY,
        content_sha256  text        NOT NULL UNIQUE,
        files           jsonb       NOT NULL,
        collection_year integer,
        children        integer     NOT NULL,
        episodes        integer     NOT NULL,
        snapshot_as_at  date        NOT NULL,
        snapshot_total  integer     NOT NULL,
        imported_by     text        NOT NULL,
        imported_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE child (
        child_id  text PRIMARY KEY,
        sex       text NOT NULL,
        dob       date NOT NULL,
        ethnic    text NOT NULL,
        upn       text,
        mother    text,
        mc_dob    date,
        batch_id  uuid NOT NULL REFERENCES import_batch (id) DEFERRABLE INITIALLY DEFERRED
      )`);
    await q.query(`
      CREATE TABLE episode (
        child_id            text NOT NULL REFERENCES child (child_id),
        decom               date NOT NULL,
        rne                 text NOT NULL,
        ls                  text NOT NULL,
        cin                 text NOT NULL,
        place               text NOT NULL,
        place_provider      text,
        dec                 date,
        rec                 text,
        reason_place_change text,
        home_post           text,
        pl_post             text,
        urn                 text,
        batch_id            uuid NOT NULL REFERENCES import_batch (id) DEFERRABLE INITIALLY DEFERRED,
        PRIMARY KEY (child_id, decom),
        CHECK (dec IS NULL OR dec >= decom)
      )`);
    await q.query(`
      CREATE TABLE audit_log (
        id         bigserial   PRIMARY KEY,
        at         timestamptz NOT NULL DEFAULT now(),
        subject    text        NOT NULL,
        roles      text[]      NOT NULL,
        operation  text        NOT NULL,
        detail     jsonb       NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only`);
    await q.query(`DROP TABLE episode`);
    await q.query(`DROP TABLE child`);
    await q.query(`DROP TABLE import_batch`);
  }
}
