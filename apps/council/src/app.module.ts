import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@rcc/platform';
import { ChildLevelRecords1763769602000 } from './migrations/1763769602000-ChildLevelRecords.js';
import { Ssda903History1763769603000 } from './migrations/1763769603000-Ssda903History.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { ChildrenModule } from './modules/children/children.module.js';
import { IndicatorsModule } from './modules/indicators/indicators.module.js';
import { ReferralsModule } from './modules/referrals/referrals.module.js';
import { Referrals1763769604000 } from './migrations/1763769604000-Referrals.js';
import { ImportShared1763769605000 } from './migrations/1763769605000-ImportShared.js';
import { OffersAndPlacements1763769607000 } from './migrations/1763769607000-OffersAndPlacements.js';
import { EpisodePlacementLocation1763769650000 } from './migrations/1763769650000-EpisodePlacementLocation.js';
import { ImportSetWiseIntegrity1763769660470 } from './migrations/1763769660470-ImportSetWiseIntegrity.js';
import { ReferralCorrelation1765001945000 } from './migrations/1765001945000-ReferralCorrelation.js';
import { ReferralAboutChild1765060000000 } from './migrations/1765060000000-ReferralAboutChild.js';
import { ReferralResponseConsumer } from './modules/referrals/referral-response.consumer.js';
import { SharingModule } from './modules/sharing/sharing.module.js';
import { ChildEntity } from './modules/ssda903-import/child.entity.js';
import { EpisodeEntity } from './modules/ssda903-import/episode.entity.js';
import { ImportBatchEntity } from './modules/ssda903-import/import-batch.entity.js';
import { Ssda903ImportModule } from './modules/ssda903-import/ssda903-import.module.js';
import type { CouncilConfig } from './platform/council.config.js';

/** One codebase, one instance per member council, each with its own database: the only home of child-level data. */
@Module({})
export class CouncilModule {
  static forRoot(config: CouncilConfig): DynamicModule {
    return {
      module: CouncilModule,
      imports: [
        PlatformModule.forRoot({
          service: { name: 'council', tenant: config.COUNCIL_CODE },
          config,
          entities: [ChildEntity, EpisodeEntity, ImportBatchEntity],
          migrations: [
            ChildLevelRecords1763769602000,
            Ssda903History1763769603000,
            Referrals1763769604000,
            ImportShared1763769605000,
            OffersAndPlacements1763769607000,
            EpisodePlacementLocation1763769650000,
            ImportSetWiseIntegrity1763769660470,
            ReferralCorrelation1765001945000,
            ReferralAboutChild1765060000000,
          ],
          consumes: [ReferralResponseConsumer],
          tenantCouncil: config.COUNCIL_CODE,
        }),
        AuditModule,
        Ssda903ImportModule,
        ChildrenModule,
        IndicatorsModule,
        ReferralsModule,
        SharingModule,
      ],
    };
  }
}
