import 'reflect-metadata';
import { runIfEntryPoint, serviceEntry } from '@rcc/platform';
import { CouncilModule } from './app.module.js';
import { CouncilConfig } from './platform/council.config.js';

/** SSDA903 returns arrive as request bodies, so this service accepts large ones. */
export const bootstrap = serviceEntry('council', CouncilConfig, (c) => CouncilModule.forRoot(c), { bodyLimit: '64mb' });

runIfEntryPoint(import.meta.url, bootstrap);
