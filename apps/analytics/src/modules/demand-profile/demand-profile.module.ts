import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DemandProfileResolver } from './demand-profile.resolver.js';
import { DemandProfileService } from './demand-profile.service.js';
import { NeedSnapshotEntity } from './need-snapshot.entity.js';

@Module({
  // PublicationService (the published versions) comes from the global PublicationModule: importing that module here
  // would load its GraphQL types first and reorder the committed SDL.
  imports: [TypeOrmModule.forFeature([NeedSnapshotEntity])],
  providers: [DemandProfileService, DemandProfileResolver],
})
export class DemandProfileModule {}
