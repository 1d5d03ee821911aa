import 'reflect-metadata';
import { runIfEntryPoint, serviceEntry } from '@rcc/platform';
import { CommissioningModule } from './app.module.js';
import { CommissioningConfig } from './platform/index.js';

export const bootstrap = serviceEntry('commissioning', CommissioningConfig, (c) => CommissioningModule.forRoot(c));

runIfEntryPoint(import.meta.url, bootstrap);
