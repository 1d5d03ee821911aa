import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Principal } from '@rcc/auth';
import { InvalidInputError, NotFoundError, SERVICE_CONFIG } from '@rcc/platform';
import { councilIndicators, defaultAsAt, pastTheData, placementCategory, type EpisodeRow } from '@rcc/ssda903';
import type { CouncilConfig } from '../../platform/council.config.js';
import { AuditService } from '../audit/audit.service.js';
import { ChildEntity } from '../ssda903-import/child.entity.js';
import { EpisodeEntity } from '../ssda903-import/episode.entity.js';
import { toEpisodeRow, toHeaderRow } from '../ssda903-import/rows.js';
import type { CouncilIndicators } from './indicators.model.js';

@Injectable()
export class IndicatorsService {
  constructor(
    @InjectRepository(ChildEntity) private readonly children: Repository<ChildEntity>,
    @InjectRepository(EpisodeEntity) private readonly episodes: Repository<EpisodeEntity>,
    @Inject(SERVICE_CONFIG) private readonly config: CouncilConfig,
    private readonly audit: AuditService,
  ) {}

  async compute(principal: Principal, asAt?: string): Promise<CouncilIndicators> {
    const episodes = (await this.episodes.find()).map(toEpisodeRow);
    if (episodes.length === 0) throw new NotFoundError('no SSDA903 data has been imported yet');
    const children = (await this.children.find()).map(toHeaderRow);
    const date = asAt ?? defaultAsAt(episodes);
    const latestYear = Math.max(...episodes.map((e) => e.sourceYear ?? 0));
    const past = latestYear > 0 ? pastTheData(date, latestYear) : null;
    if (past) throw new InvalidInputError(past);
    const result = councilIndicators(children, episodes, date, this.config.COUNCIL_CODE);
    const mismatch = await this.residentialWhenFosteringPreferred(episodes);
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

  /** Referrals that asked for fostering but ended in residential care, judged from the child's SSDA903 episodes. */
  private async residentialWhenFosteringPreferred(episodes: EpisodeRow[]): Promise<{ count: number; of: number }> {
    const placed = (await this.episodes.query(
      `SELECT r.child_id, to_char(p.start_date, 'YYYY-MM-DD') AS start_date
         FROM referral r JOIN placement p ON p.referral_id = r.id
        WHERE r.status = 'placed' AND r.profile->'suitability'->>'fostering' = 'preferred'
          AND r.profile->'suitability'->>'residential' <> 'preferred'`,
    )) as { child_id: string; start_date: string }[];
    const day = 86_400_000;
    const count = placed.filter(({ child_id, start_date }) =>
      episodes.some(
        (e) =>
          e.child === child_id &&
          Math.abs(Date.parse(e.decom) - Date.parse(start_date)) <= 7 * day &&
          placementCategory(e.place) === 'residential',
      ),
    ).length;
    return { count, of: placed.length };
  }
}
