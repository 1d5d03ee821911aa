import { Module } from '@nestjs/common';
import { BidsModule } from '../bids/bids.module.js';
import { ContractsModule } from '../contracts/contracts.module.js';
import { ClarificationsResolver } from './clarifications.resolver.js';
import { ClarificationsService } from './clarifications.service.js';
import { TendersResolver } from './tenders.resolver.js';
import { TendersService } from './tenders.service.js';

@Module({
  imports: [BidsModule, ContractsModule],
  providers: [TendersService, TendersResolver, ClarificationsService, ClarificationsResolver],
})
export class TendersModule {}
