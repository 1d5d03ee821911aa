import 'reflect-metadata';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  createJsonLogger,
  JsonLogger,
  loadConfig,
  repoRoot,
  requestContext,
  requestLogging,
  runIfEntryPoint,
  type ServiceBootstrap,
} from '@rcc/platform';
import { securityHeaders } from './platform/security-headers.js';
import { WebConfig } from './platform/web.config.js';
import { WebModule } from './web.module.js';

/** Starts the web front end (also loaded by path by `rcc start`, which passes its own environment). */
export const bootstrap: ServiceBootstrap = async (env = process.env, options = {}) => {
  const config = loadConfig('web', WebConfig, env);
  // JSON lines like the services (RCC_LOG_FORMAT, json by default in production; ADR 0039, 0045): an access line per
  // request with its x-request-id, which goes on to the gateway with the request's GraphQL calls.
  const json = config.logFormat === 'json' ? createJsonLogger('web') : undefined;
  const app = await NestFactory.create<NestExpressApplication>(WebModule.forRoot(config), {
    logger: json ? new JsonLogger(json) : (options.logLevels ?? ['error', 'warn', 'log']),
    bodyParser: false,
  });
  app.use(requestLogging(json));
  app.useBodyParser('urlencoded', { extended: false, limit: '200kb' });
  app.use(requestContext());
  app.use(securityHeaders);
  const root = repoRoot();
  // GOV.UK Frontend's compiled CSS and JS (its fonts are GOV.UK-only and never used: see docs/adr/0020).
  app.useStaticAssets(join(root, 'node_modules/govuk-frontend/dist/govuk'), {
    prefix: '/govuk/',
    index: false,
    fallthrough: false,
  });
  app.useStaticAssets(join(root, 'apps/web/src/assets'), { prefix: '/app/', index: false, fallthrough: false });
  app.disable('x-powered-by');
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  const url = `http://${config.HOST}:${config.PORT}`;
  Logger.log(`listening on ${url} (gateway ${config.RCC_GATEWAY_URL})`, 'WebModule');
  return { app, url, close: () => app.close() };
};

runIfEntryPoint(import.meta.url, bootstrap);
