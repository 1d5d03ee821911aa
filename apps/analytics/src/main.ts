import 'reflect-metadata';
import { runIfEntryPoint, serviceEntry } from '@rcc/platform';
import { AnalyticsModule } from './app.module.js';
import { AnalyticsConfig } from './platform/analytics.config.js';

export const bootstrap = serviceEntry('analytics', AnalyticsConfig, (c) => AnalyticsModule.forRoot(c));

runIfEntryPoint(import.meta.url, bootstrap);
