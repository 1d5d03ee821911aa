import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Providers' answers to this council's referrals (received from the registry), and what a placement needs for the
 * hub's ledger: its category, the block contract it uses, and when it ended.
 */
export class OffersAndPlacements1763769607000 implements MigrationInterface {
  name = 'OffersAndPlacements1763769607000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referral_response (
        response_id        uuid        PRIMARY KEY,
        referral_id        uuid        NOT NULL REFERENCES referral (id),
        event_id           uuid        NOT NULL,
        provider_id        uuid        NOT NULL,
        provider_name      text        NOT NULL,
        setting_urn        text        NOT NULL,
        setting_type       text        NOT NULL,
        response           text        NOT NULL CHECK (response IN ('offer', 'decline')),
        weekly_price_pence bigint      CHECK (weekly_price_pence >= 0),
        start_date         date,
        decline_reason     text,
        registration_flag  boolean     NOT NULL,
        responded_at       timestamptz NOT NULL,
        received_at        timestamptz NOT NULL DEFAULT now(),
        CHECK ((response = 'offer') = (weekly_price_pence IS NOT NULL AND start_date IS NOT NULL)),
        CHECK ((response = 'decline') = (decline_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX referral_response_referral ON referral_response (referral_id)`);
    await q.query(`ALTER TABLE placement ADD COLUMN placement_category text`);
    await q.query(`UPDATE placement SET placement_category = 'other' WHERE placement_category IS NULL`);
    await q.query(`ALTER TABLE placement ALTER COLUMN placement_category SET NOT NULL`);
    await q.query(`ALTER TABLE placement ADD COLUMN contract_id uuid`);
    await q.query(`ALTER TABLE placement ADD COLUMN response_id uuid REFERENCES referral_response (response_id)`);
    await q.query(`ALTER TABLE placement ADD COLUMN end_date date`);
    await q.query(`ALTER TABLE placement ADD COLUMN ended_by text`);
    await q.query(`ALTER TABLE placement ADD CONSTRAINT placement_block_contract
                     CHECK (route <> 'block' OR contract_id IS NOT NULL)`);
    await q.query(`ALTER TABLE placement ADD CONSTRAINT placement_end_after_start
                     CHECK (end_date IS NULL OR end_date >= start_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE placement DROP CONSTRAINT placement_end_after_start`);
    await q.query(`ALTER TABLE placement DROP CONSTRAINT placement_block_contract`);
    for (const column of ['ended_by', 'end_date', 'response_id', 'contract_id', 'placement_category']) {
      await q.query(`ALTER TABLE placement DROP COLUMN ${column}`);
    }
    await q.query(`DROP TABLE referral_response`);
  }
}
