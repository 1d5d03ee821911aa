import { Module } from '@nestjs/common';
import { ChildHistory } from './child-history.js';
import { DfeTablesResolver } from './dfe-tables.resolver.js';
import { IndicatorsResolver } from './indicators.resolver.js';
import { IndicatorsService } from './indicators.service.js';

@Module({
  providers: [ChildHistory, IndicatorsService, IndicatorsResolver, DfeTablesResolver],
})
export class IndicatorsModule {}
