import { Module } from '@nestjs/common';
import type { FeatureWiring } from '../../platform/feature-wiring.js';
import { OpenDataController } from './open-data.controller.js';
import { PublishedProfileEntity } from './publication.entity.js';
import { PublicationResolver } from './publication.resolver.js';
import { PublicationService } from './publication.service.js';

@Module({
  controllers: [OpenDataController],
  providers: [PublicationService, PublicationResolver],
  exports: [PublicationService],
})
export class PublicationModule {
  static readonly wiring: FeatureWiring = { entities: [PublishedProfileEntity] };
}
