import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@rcc/platform';
import { IntervalJob } from '../../platform/interval-job.js';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { MarketplaceService } from './marketplace.service.js';

/** Every RCC_SWEEP_INTERVAL_SECONDS: referrals whose window ended with no offer become unmet-need events. */
@Injectable()
export class ReferralWindowJob extends IntervalJob {
  constructor(
    private readonly marketplace: MarketplaceService,
    @Inject(SERVICE_CONFIG) config: RegistryConfig,
  ) {
    super('referral window sweep', config.RCC_SWEEP_INTERVAL_SECONDS * 1000);
  }

  protected run(): Promise<unknown> {
    return this.marketplace.expireWindows();
  }
}
