import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@rcc/platform';
import { NeedSnapshots1763769601000 } from './migrations/1763769601000-NeedSnapshots.js';
import { DemandProfileModule } from './modules/demand-profile/demand-profile.module.js';
import { NeedSnapshotConsumer } from './modules/demand-profile/need-snapshot.consumer.js';
import { NeedSnapshotEntity } from './modules/demand-profile/need-snapshot.entity.js';
import type { AnalyticsConfig } from './platform/analytics.config.js';

@Module({})
export class AnalyticsModule {
  static forRoot(config: AnalyticsConfig): DynamicModule {
    return {
      module: AnalyticsModule,
      imports: [
        PlatformModule.forRoot({
          service: { name: 'analytics' },
          config,
          entities: [NeedSnapshotEntity],
          migrations: [NeedSnapshots1763769601000],
          consumes: [NeedSnapshotConsumer],
        }),
        DemandProfileModule,
      ],
    };
  }
}
