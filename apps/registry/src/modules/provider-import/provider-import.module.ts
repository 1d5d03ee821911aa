import { Module } from '@nestjs/common';
import { ProviderImportResolver } from './provider-import.resolver.js';
import { ProviderImportService } from './provider-import.service.js';

@Module({ providers: [ProviderImportService, ProviderImportResolver] })
export class ProviderImportModule {}
