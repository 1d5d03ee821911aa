import { Module } from '@nestjs/common';
import { LedgerResolver } from './ledger.resolver.js';
import { LedgerService } from './ledger.service.js';

@Module({ providers: [LedgerService, LedgerResolver], exports: [LedgerService] })
export class LedgerModule {}
