import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Settings (by Ofsted URN), declared vacancies, and the referral marketplace (referrals, notifications, responses). */
export class RegistryMarketplace1763900000000 implements MigrationInterface {
  name = 'RegistryMarketplace1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE provider
        ADD COLUMN top_company     text,
        ADD COLUMN hard_to_replace boolean NOT NULL DEFAULT false,
        ADD COLUMN financial_risk  boolean NOT NULL DEFAULT false,
        ADD COLUMN risk_note       text,
        ADD CONSTRAINT provider_risk_needs_hard_to_replace CHECK (NOT financial_risk OR hard_to_replace)`);
    await q.query(`
      CREATE TABLE setting (
        urn                  text        PRIMARY KEY CHECK (urn ~ '^[A-Z0-9]{1,10}$'),
        provider_id          uuid        NOT NULL REFERENCES provider (id),
        name                 text        NOT NULL,
        setting_type         text        NOT NULL CHECK (setting_type IN ('childrens-home', 'secure-childrens-home',
                               'residential-special-school', 'residential-family-centre', 'independent-fostering-agency',
                               'local-authority-fostering', 'supported-accommodation')),
        registered_places    integer     NOT NULL CHECK (registered_places BETWEEN 0 AND 10000),
        need_flags           text[]      NOT NULL DEFAULT '{}',
        local_authority      text,
        local_authority_code text        CHECK (local_authority_code ~ '^E(06|08|09|10)[0-9]{6}$'),
        postcode_district    text        CHECK (postcode_district ~ '^[A-Z]{1,2}[0-9][A-Z0-9]?$'),
        registration_status  text        NOT NULL CHECK (registration_status IN ('registered', 'suspended', 'closed', 'unregistered')),
        registration_date    date,
        closed_date          date,
        ofsted_grade         text        CHECK (ofsted_grade IN ('Outstanding', 'Good', 'Requires improvement to be good', 'Inadequate')),
        frameworks           jsonb       NOT NULL DEFAULT '[]',
        age_min              integer     NOT NULL CHECK (age_min BETWEEN 0 AND 25),
        age_max              integer     NOT NULL CHECK (age_max BETWEEN 0 AND 25),
        sex                  text        NOT NULL CHECK (sex IN ('male', 'female', 'mixed')),
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        CHECK (age_min <= age_max)
      )`);
    await q.query(`CREATE INDEX setting_provider ON setting (provider_id)`);
    await q.query(`
      CREATE TABLE vacancy (
        id              uuid        PRIMARY KEY,
        setting_urn     text        NOT NULL REFERENCES setting (urn),
        vacancies       integer     NOT NULL CHECK (vacancies BETWEEN 0 AND 1000),
        age_bands       text[]      NOT NULL,
        can_meet        text[]      NOT NULL,
        available_until date        NOT NULL,
        declared_at     timestamptz NOT NULL DEFAULT now(),
        declared_by     text        NOT NULL,
        state           text        NOT NULL DEFAULT 'current' CHECK (state IN ('current', 'superseded', 'withdrawn', 'expired')),
        ended_at        timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX vacancy_one_current ON vacancy (setting_urn) WHERE state = 'current'`);
    await q.query(`
      CREATE TABLE market_referral (
        id                  uuid        PRIMARY KEY,
        council_code        text        NOT NULL,
        profile             jsonb       NOT NULL,
        opened_at           timestamptz NOT NULL,
        window_ends_at      timestamptz NOT NULL,
        status              text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'placed', 'withdrawn', 'unmet')),
        eligible_settings   integer     NOT NULL,
        notified_providers  integer     NOT NULL,
        unmet_trigger       text        CHECK (unmet_trigger IN ('no-offer-in-window', 'closed-unmet')),
        unmet_at            timestamptz,
        closed_at           timestamptz,
        received_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX market_referral_window ON market_referral (window_ends_at) WHERE status = 'open' AND unmet_trigger IS NULL`,
    );
    await q.query(`
      CREATE TABLE referral_notification (
        referral_id  uuid    NOT NULL REFERENCES market_referral (id),
        setting_urn  text    NOT NULL REFERENCES setting (urn),
        provider_id  uuid    NOT NULL REFERENCES provider (id),
        distance     text    NOT NULL CHECK (distance IN ('near', 'mid', 'far')),
        on_framework boolean NOT NULL,
        rank         integer NOT NULL,
        PRIMARY KEY (referral_id, setting_urn)
      )`);
    await q.query(`CREATE INDEX referral_notification_provider ON referral_notification (provider_id)`);
    await q.query(`
      CREATE TABLE referral_response (
        id                 uuid        PRIMARY KEY,
        referral_id        uuid        NOT NULL,
        setting_urn        text        NOT NULL,
        provider_id        uuid        NOT NULL REFERENCES provider (id),
        response           text        NOT NULL CHECK (response IN ('offer', 'decline')),
        weekly_price_pence integer     CHECK (weekly_price_pence BETWEEN 0 AND 100000000),
        start_date         date,
        decline_reason     text        CHECK (decline_reason IN ('no-vacancy', 'cannot-meet-needs', 'matching', 'risk',
                             'staffing', 'location', 'price', 'other')),
        registration_flag  boolean     NOT NULL,
        responded_by       text        NOT NULL,
        responded_at       timestamptz NOT NULL DEFAULT now(),
        UNIQUE (referral_id, setting_urn),
        FOREIGN KEY (referral_id, setting_urn) REFERENCES referral_notification (referral_id, setting_urn),
        CHECK ((response = 'offer' AND weekly_price_pence IS NOT NULL AND start_date IS NOT NULL AND decline_reason IS NULL)
            OR (response = 'decline' AND decline_reason IS NOT NULL AND weekly_price_pence IS NULL AND start_date IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referral_response`);
    await q.query(`DROP TABLE referral_notification`);
    await q.query(`DROP TABLE market_referral`);
    await q.query(`DROP TABLE vacancy`);
    await q.query(`DROP TABLE setting`);
    await q.query(`
      ALTER TABLE provider
        DROP CONSTRAINT provider_risk_needs_hard_to_replace,
        DROP COLUMN risk_note,
        DROP COLUMN financial_risk,
        DROP COLUMN hard_to_replace,
        DROP COLUMN top_company`);
  }
}
