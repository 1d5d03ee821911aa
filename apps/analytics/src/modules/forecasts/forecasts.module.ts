import { Module } from '@nestjs/common';
import type { FeatureWiring } from '../../platform/feature-wiring.js';
import { ForecastInputsReader } from './forecast-inputs.js';
import { ForecastsResolver } from './forecasts.resolver.js';
import { ForecastsService } from './forecasts.service.js';
import { NeedFlowEntity } from './need-flow.entity.js';
import { NeedFlowsConsumer } from './need-flows.consumer.js';
import { NeedTransitionEntity } from './need-transition.entity.js';
import { NeedTransitionsConsumer } from './need-transitions.consumer.js';

@Module({ providers: [ForecastsService, ForecastInputsReader, ForecastsResolver], exports: [ForecastsService] })
export class ForecastsModule {
  static readonly wiring: FeatureWiring = {
    entities: [NeedFlowEntity, NeedTransitionEntity],
    consumes: [NeedFlowsConsumer, NeedTransitionsConsumer],
  };
}
