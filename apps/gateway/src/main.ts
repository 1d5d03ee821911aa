import 'reflect-metadata';
import { runIfEntryPoint, serviceEntry } from '@rcc/platform';
import { GatewayModule } from './app.module.js';
import { GatewayConfig } from './platform/gateway.config.js';

/** Council imports pass through the gateway, so it accepts bodies as large as the council service does. */
export const bootstrap = serviceEntry('gateway', GatewayConfig, (c) => GatewayModule.forRoot(c), { bodyLimit: '64mb' });

runIfEntryPoint(import.meta.url, bootstrap);
