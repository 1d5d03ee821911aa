import { Module } from '@nestjs/common';
import { VacanciesResolver } from './vacancies.resolver.js';
import { VacanciesService } from './vacancies.service.js';
import { VacancyExpiryJob } from './vacancy-expiry.job.js';

@Module({
  providers: [VacanciesService, VacanciesResolver, VacancyExpiryJob],
  exports: [VacanciesService],
})
export class VacanciesModule {}
