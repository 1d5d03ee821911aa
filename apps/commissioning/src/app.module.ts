import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@rcc/platform';
import { Tenders1763769604000 } from './migrations/1763769604000-Tenders.js';
import { TenderEntity } from './modules/tenders/tender.entity.js';
import { TendersModule } from './modules/tenders/tenders.module.js';
import type { CommissioningConfig } from './platform/commissioning.config.js';

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
          migrations: [Tenders1763769604000],
        }),
        TendersModule,
      ],
    };
  }
}
