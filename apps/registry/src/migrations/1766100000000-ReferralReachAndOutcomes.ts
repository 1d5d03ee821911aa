import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referral reach and outcomes (docs/adr/0050): why settings were not sent a referral (counted per reason at each
 * matching), when each setting was sent it (matching re-runs while the window is open), the setting that was chosen,
 * and a declaration reduced by a placement (state `superseded`, its successor declared by the placement).
 */
export class ReferralReachAndOutcomes1766100000000 implements MigrationInterface {
  name = 'ReferralReachAndOutcomes1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE market_referral
        ADD COLUMN not_matched jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN placed_setting_urn text CHECK (placed_setting_urn ~ '^[A-Z0-9]{1,10}$'),
        ADD COLUMN window_extended_at timestamptz`);
    await q.query(`ALTER TABLE referral_notification ADD COLUMN notified_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE vacancy ADD COLUMN placed_referral_id uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE vacancy DROP COLUMN placed_referral_id`);
    await q.query(`ALTER TABLE referral_notification DROP COLUMN notified_at`);
    await q.query(
      `ALTER TABLE market_referral DROP COLUMN not_matched, DROP COLUMN placed_setting_urn, DROP COLUMN window_extended_at`,
    );
  }
}
