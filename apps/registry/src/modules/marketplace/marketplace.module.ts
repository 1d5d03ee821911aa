import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module.js';
import { MarketplaceResolver, ReferralMatchResolver } from './marketplace.resolver.js';
import { MarketplaceService } from './marketplace.service.js';
import { ReachResolver } from './reach.resolver.js';
import { ReachService } from './reach.service.js';
import { ReferralWindowJob } from './referral-window.job.js';

@Module({
  imports: [SettingsModule],
  providers: [
    MarketplaceService,
    MarketplaceResolver,
    ReferralMatchResolver,
    ReferralWindowJob,
    ReachService,
    ReachResolver,
  ],
  exports: [MarketplaceService],
})
export class MarketplaceModule {}
