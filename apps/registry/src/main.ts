import 'reflect-metadata';
import { runIfEntryPoint, serviceEntry } from '@rcc/platform';
import { RegistryModule } from './app.module.js';
import { RegistryConfig } from './platform/registry.config.js';

// Provider lists (CSV, or xlsx as base64) for a whole region are a few megabytes.
export const bootstrap = serviceEntry('registry', RegistryConfig, (c) => RegistryModule.forRoot(c), {
  bodyLimit: '40mb',
});

runIfEntryPoint(import.meta.url, bootstrap);
