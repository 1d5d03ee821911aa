import { Module } from '@nestjs/common';
import { ForecastsResolver } from './forecasts.resolver.js';
import { ForecastsService } from './forecasts.service.js';

@Module({ providers: [ForecastsService, ForecastsResolver] })
export class ForecastsModule {}
