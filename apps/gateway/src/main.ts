import 'reflect-metadata';
import { loadConfig, runIfEntryPoint, startService, tracingOptions, type ServiceBootstrap } from '@rcc/platform';
import { GatewayModule } from './app.module.js';
import { GatewayConfig } from './platform/gateway.config.js';

/** The body limit is configuration (RCC_MAX_REQUEST_BYTES): council imports pass through the gateway. */
export const bootstrap: ServiceBootstrap = async (env = process.env, options = {}) => {
  const config = loadConfig('gateway', GatewayConfig, env);
  return startService(GatewayModule.forRoot(config), {
    port: config.PORT,
    host: config.HOST,
    bodyLimit: config.RCC_MAX_REQUEST_BYTES,
    logFormat: config.logFormat,
    serviceName: 'gateway',
    rateLimitPerAddress: config.RCC_RATE_LIMIT_PER_ADDRESS,
    tracing: tracingOptions(config, 'gateway'),
    ...options,
  });
};

runIfEntryPoint(import.meta.url, bootstrap);
