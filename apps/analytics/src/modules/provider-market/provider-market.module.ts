import { Module } from '@nestjs/common';
import { ForecastsModule } from '../forecasts/forecasts.module.js';
import { ProviderMarketFacts } from './provider-market.facts.js';
import { ProviderMarketResolver } from './provider-market.resolver.js';
import { ProviderMarketService } from './provider-market.service.js';

/** The provider's market view: reads the market tables and the region's forecast; consumes no events of its own. */
@Module({ imports: [ForecastsModule], providers: [ProviderMarketFacts, ProviderMarketService, ProviderMarketResolver] })
export class ProviderMarketModule {}
