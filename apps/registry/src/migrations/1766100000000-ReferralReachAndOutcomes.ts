import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referral reach and outcomes (docs/adr/0050): why settings were not sent a referral (counted per reason at each
 * matching), when each setting was sent it (matching re-runs while the window is open), the setting that was chosen,
 * and a declaration reduced by a placement (state `superseded`, its successor declared by the placement); and the
 * messages those events become (docs/adr/0051).
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
    // Messages to send (docs/adr/0051): written with the change that causes them, sent by the dispatch job.
    await q.query(`
      CREATE TABLE notification (
        id          uuid        PRIMARY KEY,
        kind        text        NOT NULL CHECK (kind IN ('new-referral', 'offer-received', 'decline-received', 'selected', 'not-selected')),
        recipient   text        NOT NULL CHECK (recipient ~ '^(provider:[0-9a-f-]{36}|council:E(06|08|09|10)[0-9]{6})$'),
        referral_id uuid        NOT NULL,
        facts       jsonb       NOT NULL,
        state       text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'no-address', 'failed')),
        attempts    integer     NOT NULL DEFAULT 0,
        last_error  text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        sent_at     timestamptz
      )`);
    await q.query(`CREATE INDEX notification_pending ON notification (created_at) WHERE state = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification`);
    await q.query(`ALTER TABLE vacancy DROP COLUMN placed_referral_id`);
    await q.query(`ALTER TABLE referral_notification DROP COLUMN notified_at`);
    await q.query(
      `ALTER TABLE market_referral DROP COLUMN not_matched, DROP COLUMN placed_setting_urn, DROP COLUMN window_extended_at`,
    );
  }
}
