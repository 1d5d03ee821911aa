import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Monthly flows and transitions from each council, the inputs of the forecasts (issue 6). */
export class Forecasts1763870400000 implements MigrationInterface {
  name = 'Forecasts1763870400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE need_flow_month (
        council_code text        NOT NULL,
        month        date        NOT NULL CHECK (extract(day FROM month) = 1),
        entries      integer     NOT NULL CHECK (entries >= 0),
        exits        integer     NOT NULL CHECK (exits >= 0),
        event_id     uuid        NOT NULL,
        occurred_at  timestamptz NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (council_code, month)
      )`);
    await q.query(`
      CREATE TABLE need_transition_month (
        council_code text        NOT NULL,
        month        date        NOT NULL CHECK (extract(day FROM month) = 1),
        cells        jsonb       NOT NULL,
        event_id     uuid        NOT NULL,
        occurred_at  timestamptz NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (council_code, month)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE need_transition_month`);
    await q.query(`DROP TABLE need_flow_month`);
  }
}
