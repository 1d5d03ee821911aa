import { Module } from '@nestjs/common';
import { ProvidersModule } from '../providers/providers.module.js';
import { VacanciesModule } from '../vacancies/vacancies.module.js';
import { SettingsResolver } from './settings.resolver.js';
import { SettingsService } from './settings.service.js';

@Module({
  imports: [ProvidersModule, VacanciesModule],
  providers: [SettingsService, SettingsResolver],
  exports: [SettingsService],
})
export class SettingsModule {}
