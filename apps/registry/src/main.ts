import 'reflect-metadata';
import { runIfEntryPoint, serviceEntry } from '@rcc/platform';
import { RegistryModule } from './app.module.js';
import { RegistryConfig } from './platform/registry.config.js';

export const bootstrap = serviceEntry('registry', RegistryConfig, (c) => RegistryModule.forRoot(c));

runIfEntryPoint(import.meta.url, bootstrap);
