import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Published demand-profile versions: immutable once written (a trigger refuses updates and deletes). */
export class Publication1763856000000 implements MigrationInterface {
  name = 'Publication1763856000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE published_profile (
        version      integer     PRIMARY KEY,
        as_at        date        NOT NULL,
        revision     integer     NOT NULL CHECK (revision >= 1),
        published_at timestamptz NOT NULL DEFAULT now(),
        min_count    integer     NOT NULL,
        councils     jsonb       NOT NULL,
        truth        jsonb       NOT NULL,
        tables       jsonb       NOT NULL,
        audit        jsonb       NOT NULL,
        UNIQUE (as_at, revision)
      )`);
    await q.query(`
      CREATE FUNCTION published_profile_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'published_profile version % is immutable', OLD.version;
      END $$`);
    await q.query(`
      CREATE TRIGGER published_profile_immutable BEFORE UPDATE OR DELETE ON published_profile
        FOR EACH ROW EXECUTE FUNCTION published_profile_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE published_profile`);
    await q.query(`DROP FUNCTION published_profile_immutable()`);
  }
}
