import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The correlation id of a referral's chain of events (docs/adr/0045): made when it is opened, reused for its closing
 * and placement events so they, and what the hub does with them, share it. Null for referrals opened before.
 */
export class ReferralCorrelation1765001945000 implements MigrationInterface {
  name = 'ReferralCorrelation1765001945000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referral ADD COLUMN correlation_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referral DROP COLUMN correlation_id`);
  }
}
