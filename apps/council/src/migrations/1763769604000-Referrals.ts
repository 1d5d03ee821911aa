import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Placement requests (needs-led home searches) and the placements that answer them. Child-level. */
export class Referrals1763769604000 implements MigrationInterface {
  name = 'Referrals1763769604000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referral (
        id             uuid        PRIMARY KEY,
        child_id       text        NOT NULL REFERENCES child (child_id),
        kind           text        NOT NULL CHECK (kind IN ('planned', 'emergency')),
        start_by       date        NOT NULL,
        siblings       integer     NOT NULL CHECK (siblings BETWEEN 0 AND 10),
        profile        jsonb       NOT NULL,
        status         text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'placed', 'unmet', 'withdrawn')),
        closed_reasons text[]      NOT NULL DEFAULT '{}',
        opened_by      text        NOT NULL,
        opened_at      timestamptz NOT NULL DEFAULT now(),
        closed_at      timestamptz,
        CHECK ((status = 'open') = (closed_at IS NULL))
      )`);
    await q.query(`CREATE INDEX referral_status ON referral (status)`);
    await q.query(`
      CREATE TABLE placement (
        id                uuid        PRIMARY KEY,
        referral_id       uuid        NOT NULL UNIQUE REFERENCES referral (id),
        child_id          text        NOT NULL REFERENCES child (child_id),
        setting_urn       text        NOT NULL,
        weekly_cost_pence bigint      NOT NULL CHECK (weekly_cost_pence >= 0),
        route             text        NOT NULL CHECK (route IN ('block', 'framework-call-off', 'dps', 'spot', 'in-house')),
        start_date        date        NOT NULL,
        recorded_by       text        NOT NULL,
        recorded_at       timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE placement`);
    await q.query(`DROP TABLE referral`);
  }
}
