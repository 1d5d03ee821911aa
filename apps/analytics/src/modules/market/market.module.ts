import { Module } from '@nestjs/common';
import type { FeatureWiring } from '../../platform/feature-wiring.js';
import { MARKET_CONSUMERS } from './market.consumer.js';
import { MarketResolver } from './market.resolver.js';
import { MarketService } from './market.service.js';

@Module({ providers: [MarketService, MarketResolver] })
export class MarketModule {
  static readonly wiring: FeatureWiring = { consumes: MARKET_CONSUMERS };
}
