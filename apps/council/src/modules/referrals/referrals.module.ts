import { Module } from '@nestjs/common';
import { BlockBedsClient } from './block-beds.client.js';
import { ReferralsResolver } from './referrals.resolver.js';
import { ReferralsService } from './referrals.service.js';

@Module({ providers: [ReferralsService, ReferralsResolver, BlockBedsClient] })
export class ReferralsModule {}
