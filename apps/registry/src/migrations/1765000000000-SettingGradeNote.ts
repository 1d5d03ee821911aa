import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ofsted lists put text where a grade goes ("Not provided as service is inspected as part of the ILACS inspection"):
 * such a setting is not graded, and the list's words are kept beside the (null) grade.
 */
export class SettingGradeNote1765000000000 implements MigrationInterface {
  name = 'SettingGradeNote1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE setting
        ADD COLUMN ofsted_grade_note text CHECK (length(ofsted_grade_note) BETWEEN 1 AND 300),
        ADD CONSTRAINT setting_grade_or_note CHECK (ofsted_grade IS NULL OR ofsted_grade_note IS NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE setting DROP CONSTRAINT setting_grade_or_note, DROP COLUMN ofsted_grade_note`);
  }
}
