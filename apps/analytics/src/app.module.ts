import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@rcc/platform';
import { NeedSnapshots1763769601000 } from './migrations/1763769601000-NeedSnapshots.js';
import { Publication1763856000000 } from './migrations/1763856000000-Publication.js';
import { Market1763856000100 } from './migrations/1763856000100-Market.js';
import { Forecasts1763870400000 } from './migrations/1763870400000-Forecasts.js';
import { ForecastResults1763971200000 } from './migrations/1763971200000-ForecastResults.js';
import { DemandProfileModule } from './modules/demand-profile/demand-profile.module.js';
import { NeedSnapshotConsumer } from './modules/demand-profile/need-snapshot.consumer.js';
import { NeedSnapshotEntity } from './modules/demand-profile/need-snapshot.entity.js';
import { ForecastsModule } from './modules/forecasts/forecasts.module.js';
import { NeedFlowEntity } from './modules/forecasts/need-flow.entity.js';
import { NeedFlowsConsumer } from './modules/forecasts/need-flows.consumer.js';
import { NeedTransitionEntity } from './modules/forecasts/need-transition.entity.js';
import { NeedTransitionsConsumer } from './modules/forecasts/need-transitions.consumer.js';
import { MarketModule } from './modules/market/market.module.js';
import { MARKET_CONSUMERS } from './modules/market/market.consumer.js';
import { PublishedProfileEntity } from './modules/publication/publication.entity.js';
import { PublicationModule } from './modules/publication/publication.module.js';
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
          entities: [NeedSnapshotEntity, PublishedProfileEntity, NeedFlowEntity, NeedTransitionEntity],
          migrations: [
            NeedSnapshots1763769601000,
            Publication1763856000000,
            Market1763856000100,
            Forecasts1763870400000,
            ForecastResults1763971200000,
          ],
          consumes: [NeedSnapshotConsumer, ...MARKET_CONSUMERS, NeedFlowsConsumer, NeedTransitionsConsumer],
        }),
        DemandProfileModule,
        PublicationModule,
        MarketModule,
        ForecastsModule,
      ],
    };
  }
}
