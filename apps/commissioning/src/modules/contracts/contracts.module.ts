import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { ContractsResolver } from './contracts.resolver.js';
import { ContractsService } from './contracts.service.js';

@Module({
  imports: [LedgerModule],
  providers: [ContractsService, ContractsResolver],
  exports: [ContractsService],
})
export class ContractsModule {}
