import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChildEntity } from '../ssda903-import/child.entity.js';
import { EpisodeEntity } from '../ssda903-import/episode.entity.js';
import { IndicatorsResolver } from './indicators.resolver.js';
import { IndicatorsService } from './indicators.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ChildEntity, EpisodeEntity])],
  providers: [IndicatorsService, IndicatorsResolver],
})
export class IndicatorsModule {}
