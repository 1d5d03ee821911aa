import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22 (docs/adr/0061): the day of a setting's latest full Ofsted inspection, from the provider lists, shown
 * beside its grade; and two notices about tenders (a tender published, a clarification question answered), added to
 * the kinds ReferralChanges1767060000000 allows (this migration runs after it).
 */
const KINDS_BEFORE = `'new-referral', 'offer-received', 'decline-received', 'selected', 'not-selected', 'tender-outcome',
  'referral-changed', 'referral-withdrawn'`;

export class InspectionDatesAndTenderNotices1768200000000 implements MigrationInterface {
  name = 'InspectionDatesAndTenderNotices1768200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE setting ADD COLUMN ofsted_inspected_on date`);
    await q.query(`
      ALTER TABLE notification DROP CONSTRAINT notification_kind_check,
        ADD CONSTRAINT notification_kind_check CHECK (kind IN (${KINDS_BEFORE}, 'tender-published',
          'clarification-answered'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notification WHERE kind IN ('tender-published', 'clarification-answered')`);
    await q.query(`
      ALTER TABLE notification DROP CONSTRAINT notification_kind_check,
        ADD CONSTRAINT notification_kind_check CHECK (kind IN (${KINDS_BEFORE}))`);
    await q.query(`ALTER TABLE setting DROP COLUMN ofsted_inspected_on`);
  }
}
