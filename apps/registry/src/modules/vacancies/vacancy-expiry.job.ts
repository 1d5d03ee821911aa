import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { VacanciesService } from './vacancies.service.js';

/** Every RCC_SWEEP_INTERVAL_SECONDS: stale vacancy declarations are expired and re-published with no places. */
@Injectable()
export class VacancyExpiryJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('VacancyExpiry');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly vacancies: VacanciesService,
    @Inject(SERVICE_CONFIG) private readonly config: RegistryConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running = this.vacancies
        .expireStale()
        .catch((e: Error) => this.logger.warn(`vacancy expiry failed: ${e.message}`));
    }, this.config.RCC_SWEEP_INTERVAL_SECONDS * 1000);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
