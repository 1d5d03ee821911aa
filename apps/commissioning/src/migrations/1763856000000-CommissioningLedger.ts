import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Joint tenders (lots, councils' shares, bids), block contracts, placements from councils, and the double-entry
 * journal. The journal is append-only in the database itself: triggers refuse UPDATE, DELETE and TRUNCATE for every
 * role, superusers included, and a deferred constraint trigger refuses an entry whose lines do not sum to zero.
 */
export class CommissioningLedger1763856000000 implements MigrationInterface {
  name = 'CommissioningLedger1763856000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tender
        ADD COLUMN description       text    NOT NULL DEFAULT '',
        ADD COLUMN price_weight      integer NOT NULL DEFAULT 60 CHECK (price_weight BETWEEN 0 AND 100),
        ADD COLUMN quality_weight    integer NOT NULL DEFAULT 40 CHECK (quality_weight BETWEEN 0 AND 100),
        ADD COLUMN quality_questions jsonb   NOT NULL DEFAULT '[]',
        ADD COLUMN publish_on        date,
        ADD COLUMN bids_close_on     date,
        ADD COLUMN award_by          date,
        ADD CONSTRAINT tender_weights_sum CHECK (price_weight + quality_weight = 100),
        ADD CONSTRAINT tender_timetable_order CHECK (
          (publish_on IS NULL OR bids_close_on IS NULL OR publish_on <= bids_close_on) AND
          (bids_close_on IS NULL OR award_by IS NULL OR bids_close_on <= award_by))`);
    await q.query(`
      CREATE TABLE tender_transition (
        id          bigserial   PRIMARY KEY,
        tender_id   uuid        NOT NULL REFERENCES tender (id),
        from_status text        NOT NULL,
        to_status   text        NOT NULL,
        reason      text,
        actor       text        NOT NULL,
        at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE tender_lot (
        id                 uuid    PRIMARY KEY,
        tender_id          uuid    NOT NULL REFERENCES tender (id),
        title              text    NOT NULL,
        setting_type       text    NOT NULL,
        placement_category text    NOT NULL,
        needs              text[]  NOT NULL DEFAULT '{}',
        locality           text    NOT NULL,
        beds               integer NOT NULL CHECK (beds BETWEEN 1 AND 1000),
        term_months        integer NOT NULL CHECK (term_months BETWEEN 1 AND 120),
        created_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tender_lot_tender ON tender_lot (tender_id)`);
    await q.query(`
      CREATE TABLE tender_council (
        tender_id    uuid    NOT NULL REFERENCES tender (id),
        council_code text    NOT NULL,
        basis_points integer NOT NULL CHECK (basis_points BETWEEN 0 AND 10000),
        beds         integer CHECK (beds BETWEEN 0 AND 1000),
        PRIMARY KEY (tender_id, council_code)
      )`);
    await q.query(`
      CREATE TABLE bid (
        id                 uuid        PRIMARY KEY,
        tender_id          uuid        NOT NULL REFERENCES tender (id),
        lot_id             uuid        NOT NULL REFERENCES tender_lot (id),
        provider_id        uuid        NOT NULL,
        setting_urns       text[]      NOT NULL,
        beds               integer     NOT NULL CHECK (beds BETWEEN 1 AND 1000),
        weekly_price_pence integer     NOT NULL CHECK (weekly_price_pence > 0),
        start_date         date        NOT NULL,
        quality_answers    jsonb       NOT NULL,
        quality_score      integer     CHECK (quality_score BETWEEN 0 AND 100),
        submitted_by       text        NOT NULL,
        submitted_at       timestamptz NOT NULL DEFAULT now(),
        UNIQUE (lot_id, provider_id)
      )`);
    await q.query(`
      CREATE TABLE block_contract (
        id                         uuid        PRIMARY KEY,
        tender_id                  uuid        REFERENCES tender (id),
        lot_id                     uuid        UNIQUE REFERENCES tender_lot (id),
        bid_id                     uuid        UNIQUE REFERENCES bid (id),
        provider_id                uuid        NOT NULL,
        setting_urns               text[]      NOT NULL,
        placement_category         text        NOT NULL,
        beds                       integer     NOT NULL CHECK (beds BETWEEN 1 AND 1000),
        weekly_price_per_bed_pence integer     NOT NULL CHECK (weekly_price_per_bed_pence >= 0),
        start_date                 date        NOT NULL,
        end_date                   date        NOT NULL CHECK (end_date > start_date),
        allocation_mode            text        NOT NULL CHECK (allocation_mode IN ('beds', 'shares')),
        created_by                 text        NOT NULL,
        created_at                 timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE contract_share (
        contract_id  uuid    NOT NULL REFERENCES block_contract (id),
        council_code text    NOT NULL,
        basis_points integer NOT NULL CHECK (basis_points BETWEEN 0 AND 10000),
        beds         integer CHECK (beds BETWEEN 0 AND 1000),
        PRIMARY KEY (contract_id, council_code)
      )`);
    await q.query(`
      CREATE TABLE placement (
        id                 uuid        PRIMARY KEY,
        council_code       text        NOT NULL,
        route              text        NOT NULL,
        contract_id        uuid        REFERENCES block_contract (id),
        setting_urn        text        NOT NULL,
        placement_category text        NOT NULL,
        child_pseudonym    text        NOT NULL,
        weekly_cost_pence  integer     NOT NULL,
        start_date         date        NOT NULL,
        end_date           date        CHECK (end_date IS NULL OR end_date >= start_date),
        received_at        timestamptz NOT NULL DEFAULT now(),
        CHECK ((route = 'block') = (contract_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX placement_contract ON placement (contract_id, start_date)`);
    await q.query(`CREATE INDEX placement_council ON placement (council_code, start_date)`);
    await q.query(`
      CREATE TABLE bed_offer (
        id           uuid        PRIMARY KEY,
        contract_id  uuid        NOT NULL REFERENCES block_contract (id),
        council_code text        NOT NULL,
        from_date    date        NOT NULL,
        to_date      date        NOT NULL CHECK (to_date > from_date),
        offered_by   text        NOT NULL,
        offered_at   timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (contract_id, council_code) REFERENCES contract_share (contract_id, council_code)
      )`);

    // The journal.
    await q.query(`
      CREATE TABLE journal_entry (
        id                uuid        PRIMARY KEY,
        idempotency_key   text        NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        payload_hash      text        NOT NULL,
        kind              text        NOT NULL
                          CHECK (kind IN ('commitment', 'period-close', 'market-spend', 'reversal', 'adjustment')),
        description       text        NOT NULL,
        period            text        CHECK (period ~ '^\\d{4}-(0[1-9]|1[0-2])$'),
        contract_id       uuid        REFERENCES block_contract (id),
        reverses_entry_id uuid        UNIQUE REFERENCES journal_entry (id),
        posted_by         text        NOT NULL,
        posted_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE journal_line (
        entry_id     uuid    NOT NULL REFERENCES journal_entry (id),
        line_no      integer NOT NULL,
        account      text    NOT NULL,
        amount_pence bigint  NOT NULL CHECK (amount_pence <> 0),
        kind         text    NOT NULL,
        council_code text,
        contract_id  uuid    REFERENCES block_contract (id),
        route        text,
        PRIMARY KEY (entry_id, line_no)
      )`);
    await q.query(`CREATE INDEX journal_line_account ON journal_line (account)`);
    await q.query(`CREATE INDEX journal_line_council ON journal_line (council_code, contract_id)`);
    await q.query(`
      CREATE TABLE period_close (
        period    text        PRIMARY KEY CHECK (period ~ '^\\d{4}-(0[1-9]|1[0-2])$'),
        closed_by text        NOT NULL,
        closed_at timestamptz NOT NULL DEFAULT now()
      )`);
    // What each statement said when the period closed: kept so a later reader can check it against the journal.
    await q.query(`
      CREATE TABLE statement_line (
        period              text    NOT NULL REFERENCES period_close (period),
        contract_id         uuid    REFERENCES block_contract (id),
        council_code        text,
        route               text,
        placements          integer NOT NULL,
        bed_nights          integer NOT NULL,
        occupied_bed_nights integer NOT NULL,
        void_bed_nights     integer NOT NULL,
        committed_pence     bigint  NOT NULL,
        used_pence          bigint  NOT NULL,
        void_pence          bigint  NOT NULL,
        recharges_in_pence  bigint  NOT NULL,
        recharges_out_pence bigint  NOT NULL,
        spend_pence         bigint  NOT NULL,
        UNIQUE NULLS NOT DISTINCT (period, contract_id, council_code, route)
      )`);

    await q.query(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger table % is append-only: % refused (post a reversing entry instead)', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);
    for (const table of ['journal_entry', 'journal_line', 'period_close', 'statement_line']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`);
    }
    await q.query(`
      CREATE FUNCTION journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        total numeric;
        lines integer;
      BEGIN
        SELECT coalesce(sum(amount_pence), 0), count(*) INTO total, lines FROM journal_line WHERE entry_id = NEW.id;
        IF lines < 2 OR total <> 0 THEN
          RAISE EXCEPTION 'journal entry % has % lines summing to %: an entry needs two or more lines summing to 0',
            NEW.id, lines, total USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON journal_entry
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced()`);
    // Lines added to an already committed entry would unbalance it: the check runs for the line's entry too.
    await q.query(`
      CREATE FUNCTION journal_line_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        total numeric;
      BEGIN
        SELECT coalesce(sum(amount_pence), 0) INTO total FROM journal_line WHERE entry_id = NEW.entry_id;
        IF total <> 0 THEN
          RAISE EXCEPTION 'journal entry % lines sum to %, not 0', NEW.entry_id, total USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER journal_line_balanced AFTER INSERT ON journal_line
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_line_balanced()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['journal_entry', 'journal_line', 'period_close', 'statement_line']) {
      await q.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
    }
    await q.query(`DROP TABLE statement_line`);
    await q.query(`DROP TABLE period_close`);
    await q.query(`DROP TABLE journal_line`);
    await q.query(`DROP TABLE journal_entry`);
    await q.query(`DROP FUNCTION journal_line_balanced()`);
    await q.query(`DROP FUNCTION journal_entry_balanced()`);
    await q.query(`DROP FUNCTION ledger_append_only()`);
    await q.query(`DROP TABLE bed_offer`);
    await q.query(`DROP TABLE placement`);
    await q.query(`DROP TABLE contract_share`);
    await q.query(`DROP TABLE block_contract`);
    await q.query(`DROP TABLE bid`);
    await q.query(`DROP TABLE tender_council`);
    await q.query(`DROP TABLE tender_lot`);
    await q.query(`DROP TABLE tender_transition`);
    await q.query(`
      ALTER TABLE tender
        DROP CONSTRAINT tender_timetable_order,
        DROP CONSTRAINT tender_weights_sum,
        DROP COLUMN award_by,
        DROP COLUMN bids_close_on,
        DROP COLUMN publish_on,
        DROP COLUMN quality_questions,
        DROP COLUMN quality_weight,
        DROP COLUMN price_weight,
        DROP COLUMN description`);
  }
}
