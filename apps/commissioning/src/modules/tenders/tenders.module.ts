import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenderEntity } from './tender.entity.js';
import { TendersResolver } from './tenders.resolver.js';
import { TendersService } from './tenders.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([TenderEntity])],
  providers: [TendersService, TendersResolver],
})
export class TendersModule {}
