import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { MarketplaceService } from './marketplace.service.js';

/** Every RCC_SWEEP_INTERVAL_SECONDS: referrals whose window ended with no offer become unmet-need events. */
@Injectable()
export class ReferralWindowJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReferralWindow');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly marketplace: MarketplaceService,
    @Inject(SERVICE_CONFIG) private readonly config: RegistryConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running = this.marketplace
        .expireWindows()
        .catch((e: Error) => this.logger.warn(`referral window sweep failed: ${e.message}`));
    }, this.config.RCC_SWEEP_INTERVAL_SECONDS * 1000);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
