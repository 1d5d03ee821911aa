import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PublicationModule } from '../publication/publication.module.js';
import { DemandProfileResolver } from './demand-profile.resolver.js';
import { DemandProfileService } from './demand-profile.service.js';
import { NeedSnapshotEntity } from './need-snapshot.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([NeedSnapshotEntity]), PublicationModule],
  providers: [DemandProfileService, DemandProfileResolver],
})
export class DemandProfileModule {}
