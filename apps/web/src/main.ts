import 'reflect-metadata';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, repoRoot, runIfEntryPoint, type ServiceBootstrap } from '@rcc/platform';
import { securityHeaders } from './platform/security-headers.js';
import { WebConfig } from './platform/web.config.js';
import { WebModule } from './web.module.js';

/** Starts the web front end (also loaded by path by `rcc start`, which passes its own environment). */
export const bootstrap: ServiceBootstrap = async (env = process.env, options = {}) => {
  const config = loadConfig('web', WebConfig, env);
  const app = await NestFactory.create<NestExpressApplication>(WebModule.forRoot(config), {
    logger: options.logLevels ?? ['error', 'warn', 'log'],
    bodyParser: false,
  });
  app.useBodyParser('urlencoded', { extended: false, limit: '200kb' });
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
