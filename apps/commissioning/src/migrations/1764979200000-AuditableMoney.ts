import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money a finance team can audit (docs/adr/0040, 0041): contracts carry a name, their void-sharing rule and the
 * idempotency key that created them; journal entries say which month they belong to (`relates_to_period`), and
 * automatic arrears and corrections are a kind of their own.
 */
export class AuditableMoney1764979200000 implements MigrationInterface {
  name = 'AuditableMoney1764979200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE block_contract
        ADD COLUMN name            text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
        ADD COLUMN void_sharing    text NOT NULL DEFAULT 'pooled-by-share'
                                   CHECK (void_sharing IN ('pooled-by-share', 'own-beds')),
        ADD COLUMN idempotency_key text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        ADD COLUMN request_hash    text,
        ADD CONSTRAINT block_contract_own_beds_need_allocations
          CHECK (void_sharing = 'pooled-by-share' OR allocation_mode = 'beds')`);
    await q.query(`
      ALTER TABLE tender
        ADD COLUMN void_sharing text NOT NULL DEFAULT 'pooled-by-share'
                                CHECK (void_sharing IN ('pooled-by-share', 'own-beds'))`);
    await q.query(`ALTER TABLE journal_entry DROP CONSTRAINT journal_entry_kind_check`);
    await q.query(`
      ALTER TABLE journal_entry
        ADD CONSTRAINT journal_entry_kind_check
          CHECK (kind IN ('commitment', 'period-close', 'market-spend', 'reversal', 'adjustment', 'correction')),
        ADD COLUMN relates_to_period text CHECK (relates_to_period ~ '^\\d{4}-(0[1-9]|1[0-2])$')`);
    await q.query(`CREATE INDEX journal_entry_relates ON journal_entry (relates_to_period)`);
    // Reservations: a council asks before it records a block placement; its event later confirms the bed.
    await q.query(`ALTER TABLE placement ADD COLUMN confirmed boolean NOT NULL DEFAULT true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE placement DROP COLUMN confirmed`);
    await q.query(`DROP INDEX journal_entry_relates`);
    await q.query(`ALTER TABLE journal_entry DROP COLUMN relates_to_period, DROP CONSTRAINT journal_entry_kind_check`);
    await q.query(`
      ALTER TABLE journal_entry ADD CONSTRAINT journal_entry_kind_check
        CHECK (kind IN ('commitment', 'period-close', 'market-spend', 'reversal', 'adjustment'))`);
    await q.query(`ALTER TABLE tender DROP COLUMN void_sharing`);
    await q.query(`
      ALTER TABLE block_contract DROP CONSTRAINT block_contract_own_beds_need_allocations,
        DROP COLUMN request_hash, DROP COLUMN idempotency_key, DROP COLUMN void_sharing, DROP COLUMN name`);
  }
}
