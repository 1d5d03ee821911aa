import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@rcc/platform';
import { CommissioningLedger1763856000000 } from './migrations/1763856000000-CommissioningLedger.js';
import { AuditableMoney1764979200000 } from './migrations/1764979200000-AuditableMoney.js';
import { Tenders1763769604000 } from './migrations/1763769604000-Tenders.js';
import { TenderDeadlinesAndOutcomes1765238400000 } from './migrations/1765238400000-TenderDeadlinesAndOutcomes.js';
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
          migrations: [
            Tenders1763769604000,
            CommissioningLedger1763856000000,
            AuditableMoney1764979200000,
            TenderDeadlinesAndOutcomes1765238400000,
          ],
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
