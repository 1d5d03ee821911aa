import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@rcc/platform';
import { Providers1763769603000 } from './migrations/1763769603000-Providers.js';
import { ProviderEntity } from './modules/providers/provider.entity.js';
import { ProvidersModule } from './modules/providers/providers.module.js';
import type { RegistryConfig } from './platform/registry.config.js';

@Module({})
export class RegistryModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        PlatformModule.forRoot({
          service: { name: 'registry' },
          config,
          entities: [ProviderEntity],
          migrations: [Providers1763769603000],
        }),
        ProvidersModule,
      ],
    };
  }
}
