import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@rcc/auth';
import { SERVICE_CONFIG } from '@rcc/platform';
import { CouncilIndicatorsBuilder, PLACEMENT_TYPE } from '@rcc/ssda903';
import type { CouncilConfig } from '../../platform/council.config.js';
import { ChildHistory, countChildren } from './child-history.js';
import type { CouncilIndicators } from './indicators.model.js';

const RESIDENTIAL = Object.entries(PLACEMENT_TYPE)
  .filter(([, category]) => category === 'residential')
  .map(([code]) => code);

@Injectable()
export class IndicatorsService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CouncilConfig,
    private readonly history: ChildHistory,
  ) {}

  /**
   * The council's indicators at asAt (default: the latest return's 31 March), streamed: the history is read one
   * child at a time through a cursor (memory flat whatever its size). Refused past the latest return held.
   */
  async compute(principal: Principal, asAt?: string): Promise<CouncilIndicators> {
    const {
      date,
      value: { result, mismatch },
    } = await this.history.read(principal, {
      operation: 'indicators',
      dateOf: (held) => asAt ?? `${held.last}-03-31`,
      read: async (em, date) => ({
        result: await countChildren(em, new CouncilIndicatorsBuilder(date, this.config.COUNCIL_CODE)),
        mismatch: await this.residentialWhenFosteringPreferred(em),
      }),
      detail: (date) => ({ asAt: date }),
    });
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
