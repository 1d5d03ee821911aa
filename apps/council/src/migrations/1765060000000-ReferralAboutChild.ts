import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What homes should know about the child (free text, checked before it is stored: docs/adr/0060), and when the officer
 * last changed an open referral's details.
 */
export class ReferralAboutChild1765060000000 implements MigrationInterface {
  name = 'ReferralAboutChild1765060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE referral
        ADD COLUMN about_child text NOT NULL DEFAULT '' CHECK (char_length(about_child) <= 1000),
        ADD COLUMN changed_at  timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referral DROP COLUMN about_child, DROP COLUMN changed_at`);
  }
}
