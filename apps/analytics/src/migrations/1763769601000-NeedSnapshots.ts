import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NeedSnapshots1763769601000 implements MigrationInterface {
  name = 'NeedSnapshots1763769601000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE need_snapshot (
        council_code text        NOT NULL,
        as_at        date        NOT NULL,
        event_id     uuid        NOT NULL,
        occurred_at  timestamptz NOT NULL,
        total        integer     NOT NULL CHECK (total >= 0),
        cells        jsonb       NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (council_code, as_at)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE need_snapshot`);
  }
}
