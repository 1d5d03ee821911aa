import { Module } from '@nestjs/common';
import { OpenDataController } from './open-data.controller.js';
import { PublicationResolver } from './publication.resolver.js';
import { PublicationService } from './publication.service.js';

@Module({
  controllers: [OpenDataController],
  providers: [PublicationService, PublicationResolver],
  exports: [PublicationService],
})
export class PublicationModule {}
