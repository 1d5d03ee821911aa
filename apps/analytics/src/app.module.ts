import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@rcc/platform';
import { NeedSnapshots1763769601000 } from './migrations/1763769601000-NeedSnapshots.js';
import { Publication1763856000000 } from './migrations/1763856000000-Publication.js';
import { Market1763856000100 } from './migrations/1763856000100-Market.js';
import { Forecasts1763870400000 } from './migrations/1763870400000-Forecasts.js';
import { ForecastResults1763971200000 } from './migrations/1763971200000-ForecastResults.js';
import { DemandProfileModule } from './modules/demand-profile/demand-profile.module.js';
import { ForecastsModule } from './modules/forecasts/forecasts.module.js';
import { MarketModule } from './modules/market/market.module.js';
import { NeedSnapshotsModule } from './modules/need-snapshots/need-snapshots.module.js';
import { PublicationModule } from './modules/publication/publication.module.js';
import { ProviderMarketModule } from './modules/provider-market/provider-market.module.js';
import type { AnalyticsConfig } from './platform/analytics.config.js';
import { platformWiring, type WiredFeature } from './platform/feature-wiring.js';

/** The features, each bringing its own entities and consumers (its static `wiring`). */
const FEATURES: WiredFeature[] = [
  NeedSnapshotsModule,
  PublicationModule,
  DemandProfileModule,
  MarketModule,
  ForecastsModule,
  ProviderMarketModule,
];

@Module({})
export class AnalyticsModule {
  static forRoot(config: AnalyticsConfig): DynamicModule {
    const { entities, consumes } = platformWiring(FEATURES);
    return {
      module: AnalyticsModule,
      imports: [
        PlatformModule.forRoot({
          service: { name: 'analytics' },
          config,
          entities,
          migrations: [
            NeedSnapshots1763769601000,
            Publication1763856000000,
            Market1763856000100,
            Forecasts1763870400000,
            ForecastResults1763971200000,
          ],
          consumes,
        }),
        ...FEATURES,
      ],
    };
  }
}
