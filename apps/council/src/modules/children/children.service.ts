import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { Principal } from '@rcc/auth';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { CouncilConfig } from '../../platform/council.config.js';
import { AuditService } from '../audit/audit.service.js';
import { ChildEntity } from '../ssda903-import/child.entity.js';
import { EpisodeEntity } from '../ssda903-import/episode.entity.js';
import type { ChildPage } from './children.model.js';

@Injectable()
export class ChildrenService {
  constructor(
    @InjectRepository(ChildEntity) private readonly children: Repository<ChildEntity>,
    @InjectRepository(EpisodeEntity) private readonly episodes: Repository<EpisodeEntity>,
    @Inject(SERVICE_CONFIG) private readonly config: CouncilConfig,
    private readonly audit: AuditService,
  ) {}

  async page(principal: Principal, limit: number, offset: number): Promise<ChildPage> {
    const [rows, total] = await this.children.findAndCount({ order: { childId: 'ASC' }, take: limit, skip: offset });
    const episodes = rows.length
      ? await this.episodes.find({ where: { childId: In(rows.map((r) => r.childId)) }, order: { decom: 'ASC' } })
      : [];
    await this.audit.childLevelRead(principal, 'children', { limit, offset, returned: rows.length });
    return {
      councilCode: this.config.COUNCIL_CODE,
      total,
      items: rows.map((c) => ({
        childId: c.childId,
        sex: c.sex,
        dateOfBirth: c.dob,
        ethnicity: c.ethnic,
        episodes: episodes
          .filter((e) => e.childId === c.childId)
          .map((e) => ({
            startDate: e.decom,
            endDate: e.dec,
            reasonNewEpisode: e.rne,
            legalStatus: e.ls,
            categoryOfNeed: e.cin,
            placementType: e.place,
            placementProvider: e.placeProvider,
            urn: e.urn,
          })),
      })),
    };
  }
}
