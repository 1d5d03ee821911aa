import { Module } from '@nestjs/common';
import { BidsModule } from '../bids/bids.module.js';
import { ContractsModule } from '../contracts/contracts.module.js';
import { TendersResolver } from './tenders.resolver.js';
import { TendersService } from './tenders.service.js';

@Module({
  imports: [BidsModule, ContractsModule],
  providers: [TendersService, TendersResolver],
})
export class TendersModule {}
