import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenders a commissioner can run safely (issue 22, docs/adr/0052): bids amended or withdrawn until the deadline (one
 * live bid per provider and lot), quality scored per question with a moderated total, clarification questions with
 * published answers (the asker is kept for the hub's audit, never shown), and the award's standstill.
 */
export class TenderDeadlinesAndOutcomes1765238400000 implements MigrationInterface {
  name = 'TenderDeadlinesAndOutcomes1765238400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE bid
        ADD COLUMN withdrawn_at    timestamptz,
        ADD COLUMN amended_at      timestamptz,
        ADD COLUMN question_scores jsonb CHECK (question_scores IS NULL OR jsonb_typeof(question_scores) = 'array'),
        ADD COLUMN moderation_note text CHECK (length(moderation_note) <= 2000),
        DROP CONSTRAINT bid_lot_id_provider_id_key`);
    await q.query(`CREATE UNIQUE INDEX bid_one_live_per_lot ON bid (lot_id, provider_id) WHERE withdrawn_at IS NULL`);
    await q.query(`
      ALTER TABLE tender
        ADD COLUMN awarded_on         date,
        ADD COLUMN standstill_ends_on date,
        ADD CONSTRAINT tender_standstill_after_award
          CHECK (standstill_ends_on IS NULL OR (awarded_on IS NOT NULL AND standstill_ends_on > awarded_on))`);
    await q.query(`
      CREATE TABLE tender_clarification (
        id                uuid        PRIMARY KEY,
        tender_id         uuid        NOT NULL REFERENCES tender (id),
        asked_by_provider uuid        NOT NULL,
        question          text        NOT NULL CHECK (length(question) BETWEEN 3 AND 2000),
        asked_at          timestamptz NOT NULL DEFAULT now(),
        answer            text        CHECK (length(answer) BETWEEN 3 AND 5000),
        answered_by       text,
        answered_at       timestamptz,
        CHECK ((answer IS NULL) = (answered_at IS NULL))
      )`);
    await q.query(`CREATE INDEX tender_clarification_tender ON tender_clarification (tender_id, asked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tender_clarification`);
    await q.query(
      `ALTER TABLE tender DROP CONSTRAINT tender_standstill_after_award, DROP COLUMN standstill_ends_on, DROP COLUMN awarded_on`,
    );
    await q.query(`DROP INDEX bid_one_live_per_lot`);
    await q.query(`DELETE FROM bid WHERE withdrawn_at IS NOT NULL`);
    await q.query(`
      ALTER TABLE bid ADD CONSTRAINT bid_lot_id_provider_id_key UNIQUE (lot_id, provider_id),
        DROP COLUMN moderation_note, DROP COLUMN question_scores, DROP COLUMN amended_at, DROP COLUMN withdrawn_at`);
  }
}
