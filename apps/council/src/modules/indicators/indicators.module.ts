import { Module } from '@nestjs/common';
import { DfeTablesResolver } from './dfe-tables.resolver.js';
import { IndicatorsResolver } from './indicators.resolver.js';
import { IndicatorsService } from './indicators.service.js';

@Module({
  providers: [IndicatorsService, IndicatorsResolver, DfeTablesResolver],
})
export class IndicatorsModule {}
