import { COMMISSIONING_MIGRATIONS } from './migrations/index.js';
import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@rcc/platform';
import { BidsModule } from './modules/bids/bids.module.js';
import { ContractsModule } from './modules/contracts/contracts.module.js';
import { LedgerModule } from './modules/ledger/ledger.module.js';
import { PlacementEndedConsumer } from './modules/placements/placement-ended.consumer.js';
import { PlacementStartedConsumer } from './modules/placements/placement-started.consumer.js';
import { PlacementsModule } from './modules/placements/placements.module.js';
import { StatementsModule } from './modules/statements/statements.module.js';
import { TenderEntity } from './modules/tenders/tender.entity.js';
import { TendersModule } from './modules/tenders/tenders.module.js';
import type { CommissioningConfig } from './platform/index.js';

@Module({})
export class CommissioningModule {
  static forRoot(config: CommissioningConfig): DynamicModule {
    return {
      module: CommissioningModule,
      imports: [
        PlatformModule.forRoot({
          service: { name: 'commissioning' },
          config,
          entities: [TenderEntity],
          migrations: COMMISSIONING_MIGRATIONS,
          consumes: [PlacementStartedConsumer, PlacementEndedConsumer],
        }),
        LedgerModule,
        ContractsModule,
        BidsModule,
        TendersModule,
        PlacementsModule,
        StatementsModule,
      ],
    };
  }
}
