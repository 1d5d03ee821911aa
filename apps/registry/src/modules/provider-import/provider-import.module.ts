import { Module } from '@nestjs/common';
import { VacanciesModule } from '../vacancies/vacancies.module.js';
import { ProviderImportResolver } from './provider-import.resolver.js';
import { ProviderImportService } from './provider-import.service.js';

@Module({ imports: [VacanciesModule], providers: [ProviderImportService, ProviderImportResolver] })
export class ProviderImportModule {}
