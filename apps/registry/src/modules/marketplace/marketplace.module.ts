import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module.js';
import { MarketplaceResolver, ReferralMatchResolver } from './marketplace.resolver.js';
import { MarketplaceService } from './marketplace.service.js';
import { ReferralWindowJob } from './referral-window.job.js';

@Module({
  imports: [SettingsModule],
  providers: [MarketplaceService, MarketplaceResolver, ReferralMatchResolver, ReferralWindowJob],
  exports: [MarketplaceService],
})
export class MarketplaceModule {}
