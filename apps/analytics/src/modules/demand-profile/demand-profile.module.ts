import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DemandProfileResolver } from './demand-profile.resolver.js';
import { DemandProfileService } from './demand-profile.service.js';
import { NeedSnapshotEntity } from './need-snapshot.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([NeedSnapshotEntity])],
  providers: [DemandProfileService, DemandProfileResolver],
})
export class DemandProfileModule {}
