import { Module } from '@nestjs/common';
import { ReferralsResolver } from './referrals.resolver.js';
import { ReferralsService } from './referrals.service.js';

@Module({ providers: [ReferralsService, ReferralsResolver] })
export class ReferralsModule {}
