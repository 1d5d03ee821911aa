import { Module } from '@nestjs/common';
import { ProvidersModule } from '../providers/providers.module.js';
import { VacanciesModule } from '../vacancies/vacancies.module.js';
import { ProviderSettingsResolver } from './provider-settings.resolver.js';
import { SettingsResolver } from './settings.resolver.js';
import { SettingsService } from './settings.service.js';

@Module({
  imports: [ProvidersModule, VacanciesModule],
  providers: [SettingsService, SettingsResolver, ProviderSettingsResolver],
  exports: [SettingsService],
})
export class SettingsModule {}
