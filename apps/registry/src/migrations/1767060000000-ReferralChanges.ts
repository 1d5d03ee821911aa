import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the raising council last changed an open referral's details (docs/adr/0060): the homes already asked see
 * "updated on", and a provider who offered before it sees that it changed after its offer. The text for homes travels
 * in the profile, as the council sent it. Two more messages: a referral changed, and a referral withdrawn, to every
 * provider it was sent to.
 */
const KINDS = `'new-referral', 'offer-received', 'decline-received', 'selected', 'not-selected', 'tender-outcome'`;

export class ReferralChanges1767060000000 implements MigrationInterface {
  name = 'ReferralChanges1767060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE market_referral ADD COLUMN changed_at timestamptz`);
    await q.query(`
      ALTER TABLE notification DROP CONSTRAINT notification_kind_check,
        ADD CONSTRAINT notification_kind_check CHECK (kind IN (${KINDS}, 'referral-changed', 'referral-withdrawn'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notification WHERE kind IN ('referral-changed', 'referral-withdrawn')`);
    await q.query(`
      ALTER TABLE notification DROP CONSTRAINT notification_kind_check,
        ADD CONSTRAINT notification_kind_check CHECK (kind IN (${KINDS}))`);
    await q.query(`ALTER TABLE market_referral DROP COLUMN changed_at`);
  }
}
