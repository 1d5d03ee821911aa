import { Module } from '@nestjs/common';
import { MarketResolver } from './market.resolver.js';
import { MarketService } from './market.service.js';

@Module({ providers: [MarketService, MarketResolver] })
export class MarketModule {}
