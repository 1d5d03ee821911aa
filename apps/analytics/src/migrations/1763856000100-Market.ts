import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What analytics keeps of the registry, the councils' referrals and placements, and commissioning. */
export class Market1763856000100 implements MigrationInterface {
  name = 'Market1763856000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE market_setting (
        urn                  text        PRIMARY KEY,
        provider_id          uuid        NOT NULL,
        setting_type         text        NOT NULL,
        placement_category   text        NOT NULL,
        registration_status  text        NOT NULL,
        local_authority_code text,
        postcode_district    text,
        registered_places    integer     NOT NULL,
        closed               boolean     NOT NULL,
        occurred_at          timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE market_capacity (
        urn                  text        PRIMARY KEY,
        provider_id          uuid        NOT NULL,
        setting_type         text        NOT NULL,
        placement_category   text        NOT NULL,
        local_authority_code text,
        postcode_district    text,
        vacancies            integer     NOT NULL CHECK (vacancies >= 0),
        age_bands            jsonb       NOT NULL,
        can_meet             jsonb       NOT NULL,
        declared_at          timestamptz NOT NULL,
        available_until      date        NOT NULL,
        reason               text        NOT NULL,
        occurred_at          timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE market_referral (
        referral_id       uuid        PRIMARY KEY,
        council_code      text        NOT NULL,
        kind              text,
        age_band          text,
        placement_category text,
        needs             jsonb       NOT NULL DEFAULT '[]',
        opened_at         timestamptz,
        closed_at         timestamptz,
        outcome           text,
        route             text,
        weekly_cost_pence integer     CHECK (weekly_cost_pence >= 0),
        setting_urn       text,
        reasons           jsonb       NOT NULL DEFAULT '[]',
        unmet_at          timestamptz,
        unmet_trigger     text,
        declines          jsonb       NOT NULL DEFAULT '[]'
      )`);
    await q.query(`
      CREATE TABLE market_placement (
        placement_id       uuid    PRIMARY KEY,
        council_code       text    NOT NULL,
        setting_urn        text    NOT NULL,
        route              text    NOT NULL,
        contract_id        uuid,
        placement_category text    NOT NULL,
        start_date         date    NOT NULL,
        end_date           date,
        weekly_cost_pence  integer NOT NULL CHECK (weekly_cost_pence >= 0)
      )`);
    await q.query(`
      CREATE TABLE market_contract (
        contract_id                 uuid    PRIMARY KEY,
        provider_id                 uuid    NOT NULL,
        setting_urns                jsonb   NOT NULL,
        placement_category          text    NOT NULL,
        beds                        integer NOT NULL CHECK (beds > 0),
        weekly_price_per_bed_pence  integer NOT NULL CHECK (weekly_price_per_bed_pence >= 0),
        start_date                  date    NOT NULL,
        end_date                    date    NOT NULL,
        shares                      jsonb   NOT NULL
      )`);
    await q.query(`
      CREATE TABLE market_contract_period (
        contract_id         uuid    NOT NULL,
        period              text    NOT NULL,
        placement_category  text    NOT NULL,
        bed_nights          integer NOT NULL,
        occupied_bed_nights integer NOT NULL,
        void_bed_nights     integer NOT NULL,
        cost_pence          bigint  NOT NULL,
        void_cost_pence     bigint  NOT NULL,
        councils            jsonb   NOT NULL,
        PRIMARY KEY (contract_id, period)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'market_contract_period',
      'market_contract',
      'market_placement',
      'market_referral',
      'market_capacity',
      'market_setting',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
