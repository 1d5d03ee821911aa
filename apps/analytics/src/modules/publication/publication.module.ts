import { Global, Module } from '@nestjs/common';
import { OpenDataController } from './open-data.controller.js';
import { PublicationResolver } from './publication.resolver.js';
import { PublicationService } from './publication.service.js';

/** Global: the legacy demandProfile (DemandProfileModule) reads the same published versions and their cache. */
@Global()
@Module({
  controllers: [OpenDataController],
  providers: [PublicationService, PublicationResolver],
  exports: [PublicationService],
})
export class PublicationModule {}
