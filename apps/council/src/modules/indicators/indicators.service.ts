import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@rcc/auth';
import { InvalidInputError, NotFoundError, SERVICE_CONFIG } from '@rcc/platform';
import { CouncilIndicatorsBuilder, pastTheData, PLACEMENT_TYPE } from '@rcc/ssda903';
import type { CouncilConfig } from '../../platform/council.config.js';
import { AuditService } from '../audit/audit.service.js';
import { forEachChild, yearsHeld } from './child-stream.js';
import type { CouncilIndicators } from './indicators.model.js';

const RESIDENTIAL = Object.entries(PLACEMENT_TYPE)
  .filter(([, category]) => category === 'residential')
  .map(([code]) => code);

@Injectable()
export class IndicatorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CouncilConfig,
    private readonly audit: AuditService,
  ) {}

  /**
   * The council's indicators at asAt (default: the latest return's 31 March), streamed: the history is read one
   * child at a time through a cursor (memory flat whatever its size). Refused past the latest return held.
   */
  async compute(principal: Principal, asAt?: string): Promise<CouncilIndicators> {
    const { date, result, mismatch } = await this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      const held = await yearsHeld(em);
      if (held === null) throw new NotFoundError('no SSDA903 data has been imported yet');
      const date = asAt ?? `${held.last}-03-31`;
      const past = pastTheData(date, held.last);
      if (past) throw new InvalidInputError(past);
      const builder = new CouncilIndicatorsBuilder(date, this.config.COUNCIL_CODE);
      await forEachChild(em, (header, episodes) => builder.addChild(header, episodes));
      return { date, result: builder.result(), mismatch: await this.residentialWhenFosteringPreferred(em) };
    });
    await this.audit.childLevelRead(principal, 'indicators', { asAt: date });
    return {
      councilCode: this.config.COUNCIL_CODE,
      asAt: date,
      lookedAfter: result.lookedAfter.total,
      lookedAfterByPlacementAndAge: result.lookedAfter.cells.map((c) => ({
        placementCategory: c.category,
        ageBand: c.ageBand,
        count: c.count,
      })),
      flows: result.flows,
      threeOrMorePlacements: result.threeOrMorePlacements,
      samePlacementTwoYears: result.samePlacementTwoYears,
      under16Unregulated: result.under16Unregulated.children,
      residentialWhenFosteringPreferred: mismatch,
      outOfArea: result.outOfArea,
      outOfAreaUnavailable: result.outOfAreaUnavailable,
    };
  }

  /**
   * Referrals that asked for fostering but ended in residential care: placed referrals whose child started an
   * episode in a residential setting within 7 days of the placement start. In SQL (no episodes loaded).
   */
  private async residentialWhenFosteringPreferred(em: EntityManager): Promise<{ count: number; of: number }> {
    const [row] = (await em.query(
      `SELECT count(*)::int AS of,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM episode e
                 WHERE e.child_id = r.child_id AND e.place = ANY($1::text[])
                   AND abs(e.decom - p.start_date::date) <= 7))::int AS count
         FROM referral r JOIN placement p ON p.referral_id = r.id
        WHERE r.status = 'placed' AND r.profile->'suitability'->>'fostering' = 'preferred'
          AND r.profile->'suitability'->>'residential' <> 'preferred'`,
      [RESIDENTIAL],
    )) as [{ count: number; of: number }];
    return row;
  }
}
