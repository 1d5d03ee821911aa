import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChildEntity } from '../ssda903-import/child.entity.js';
import { EpisodeEntity } from '../ssda903-import/episode.entity.js';
import { ChildrenResolver } from './children.resolver.js';
import { ChildrenService } from './children.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ChildEntity, EpisodeEntity])],
  providers: [ChildrenService, ChildrenResolver],
})
export class ChildrenModule {}
