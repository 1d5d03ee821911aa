import { Module } from '@nestjs/common';
import { BidsResolver } from './bids.resolver.js';
import { BidsService } from './bids.service.js';

@Module({ providers: [BidsService, BidsResolver], exports: [BidsService] })
export class BidsModule {}
