import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@rcc/platform';
import { IntervalJob } from '../../platform/interval-job.js';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { VacanciesService } from './vacancies.service.js';

/** Every RCC_SWEEP_INTERVAL_SECONDS: stale vacancy declarations are expired and re-published with no places. */
@Injectable()
export class VacancyExpiryJob extends IntervalJob {
  constructor(
    private readonly vacancies: VacanciesService,
    @Inject(SERVICE_CONFIG) config: RegistryConfig,
  ) {
    super('vacancy expiry', config.RCC_SWEEP_INTERVAL_SECONDS * 1000);
  }

  protected run(): Promise<unknown> {
    return this.vacancies.expireStale();
  }
}
