import { Module } from '@nestjs/common';
import { BidsResolver } from './bids.resolver.js';
import { BidsService } from './bids.service.js';
import { SettingOwnership } from './setting-ownership.js';

@Module({ providers: [BidsService, BidsResolver, SettingOwnership], exports: [BidsService] })
export class BidsModule {}
