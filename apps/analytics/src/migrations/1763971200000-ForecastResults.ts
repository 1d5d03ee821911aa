import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forecasts computed once per version of the region's need data and kept (ADR 0027): one row per series, horizon and
 * seed, replaced when the data it was computed from changes. Only the default seed is kept; seeded runs, scenarios
 * and costs are computed on request on top of the stored back-test.
 */
export class ForecastResults1763971200000 implements MigrationInterface {
  name = 'ForecastResults1763971200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE forecast_result (
        series_key   text        NOT NULL,
        horizon      integer     NOT NULL CHECK (horizon BETWEEN 1 AND 36),
        seed         bigint      NOT NULL,
        data_version text        NOT NULL,
        result       jsonb       NOT NULL,
        compute_ms   integer     NOT NULL CHECK (compute_ms >= 0),
        computed_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (series_key, horizon, seed)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE forecast_result`);
  }
}
