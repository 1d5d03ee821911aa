import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts/contracts.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { AdjustmentsService } from './adjustments.service.js';
import { CostingService } from './costing.service.js';
import { PeriodCloseService } from './period-close.service.js';
import { StatementsResolver } from './statements.resolver.js';
import { StatementsService } from './statements.service.js';

@Module({
  imports: [LedgerModule, ContractsModule],
  providers: [StatementsService, PeriodCloseService, StatementsResolver, CostingService, AdjustmentsService],
  exports: [StatementsService, AdjustmentsService],
})
export class StatementsModule {}
