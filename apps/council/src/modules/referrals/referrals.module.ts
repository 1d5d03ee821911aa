import { Module } from '@nestjs/common';
import { BlockBedsClient } from './block-beds.client.js';
import { ReferralDetailsService } from './referral-details.service.js';
import { ReferralsResolver } from './referrals.resolver.js';
import { ReferralsService } from './referrals.service.js';

@Module({ providers: [ReferralsService, ReferralDetailsService, ReferralsResolver, BlockBedsClient] })
export class ReferralsModule {}
