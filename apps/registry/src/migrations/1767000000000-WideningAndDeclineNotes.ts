import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22 (docs/adr/0058): when a council last widened a referral, a provider's own words for a decline with the
 * reason "other" (required then, refused otherwise), and the first day a declared vacancy can take a child (earlier
 * declarations: the day they were declared); and a tender's outcome told to its bidder (a notification about a
 * tender, not a referral).
 */
export class WideningAndDeclineNotes1767000000000 implements MigrationInterface {
  name = 'WideningAndDeclineNotes1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE vacancy ADD COLUMN available_from date`);
    await q.query(`UPDATE vacancy SET available_from = (declared_at AT TIME ZONE 'UTC')::date`);
    await q.query(
      `ALTER TABLE vacancy ALTER COLUMN available_from SET NOT NULL,
         ALTER COLUMN available_from SET DEFAULT (now() AT TIME ZONE 'UTC')::date`,
    );
    await q.query(`ALTER TABLE market_referral ADD COLUMN widened_at timestamptz`);
    await q.query(`
      ALTER TABLE notification ADD COLUMN tender_id uuid, ALTER COLUMN referral_id DROP NOT NULL,
        DROP CONSTRAINT notification_kind_check,
        ADD CONSTRAINT notification_kind_check CHECK (kind IN ('new-referral', 'offer-received', 'decline-received',
          'selected', 'not-selected', 'tender-outcome')),
        ADD CONSTRAINT notification_about CHECK ((referral_id IS NULL) <> (tender_id IS NULL))`);
    await q.query(
      `ALTER TABLE referral_response ADD COLUMN decline_note text CHECK (char_length(decline_note) BETWEEN 1 AND 500)`,
    );
    // Declines "other" given before a note was asked for say so, rather than inventing one.
    await q.query(
      `UPDATE referral_response SET decline_note = 'Not given (answered before a reason was asked for)'
        WHERE decline_reason = 'other'`,
    );
    await q.query(`
      ALTER TABLE referral_response
        ADD CONSTRAINT referral_response_other_note
          CHECK ((decline_reason = 'other') = (decline_note IS NOT NULL) OR decline_reason IS NULL AND decline_note IS NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notification WHERE tender_id IS NOT NULL`);
    await q.query(`
      ALTER TABLE notification DROP CONSTRAINT notification_about, DROP CONSTRAINT notification_kind_check,
        ADD CONSTRAINT notification_kind_check
          CHECK (kind IN ('new-referral', 'offer-received', 'decline-received', 'selected', 'not-selected')),
        ALTER COLUMN referral_id SET NOT NULL, DROP COLUMN tender_id`);
    await q.query(
      `ALTER TABLE referral_response DROP CONSTRAINT referral_response_other_note, DROP COLUMN decline_note`,
    );
    await q.query(`ALTER TABLE market_referral DROP COLUMN widened_at`);
    await q.query(`ALTER TABLE vacancy DROP COLUMN available_from`);
  }
}
