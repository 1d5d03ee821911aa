import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The placement's location where an extract carries it (the DfE validator's postcode-derived PL_LOCATION and PL_LA),
 * for the out-of-area indicator. Null when the return does not say (the statutory return has only PL_POST).
 */
export class EpisodePlacementLocation1763769650000 implements MigrationInterface {
  name = 'EpisodePlacementLocation1763769650000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE episode ADD COLUMN pl_location text CHECK (pl_location IN ('IN', 'OUT', 'NA')), ADD COLUMN pl_la text`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE episode DROP COLUMN pl_location, DROP COLUMN pl_la`);
  }
}
