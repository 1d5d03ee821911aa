import { Logger, type DynamicModule, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, ServiceConfig, type BaseConfig } from './config.js';
import { migrateDatabase, migrationsOf, type MigrationResult } from './migrate.js';
import {
  createJsonLogger,
  JsonLogger,
  requestContext,
  requestLogging,
  type LogFormat,
} from './observability/logging.js';
import { addressRateLimitMiddleware, RateLimiter } from './rate-limit.js';
import { flushTracing, requestTraceContext, requestTracing, startTracing } from './observability/tracing.js';

export interface RunningService {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  port: number;
  host: string;
  /** Largest request body accepted (SSDA903 uploads are big; everything else is small). */
  bodyLimit?: string | number;
  logLevels?: LogLevel[];
  /** Handle SIGTERM/SIGINT itself (false when several services share one process). */
  shutdownHooks?: boolean;
  /** `json`: pino JSON lines and access logs; default `text` (docs/adr/0039). Request ids are on either way. */
  logFormat?: LogFormat;
  /** The `service` field of JSON log lines (default: the module's name). */
  serviceName?: string;
  /** Requests per minute per address from callers without a token (RCC_RATE_LIMIT_PER_ADDRESS); 0 or absent: off. */
  rateLimitPerAddress?: number;
  /** Where spans go (OTLP/HTTP), or nothing: tracing off (docs/adr/0056). */
  tracing?: TracingOptions;
}

export interface TracingOptions {
  tracesEndpoint: string;
  serviceName: string;
  tenant?: string;
  scheduleDelayMs: number;
}

/** The tracing a configuration asks for (OTEL_* variables), or undefined when it asks for none. */
export function tracingOptions(config: BaseConfig, service: string): TracingOptions | undefined {
  const tracesEndpoint = config.tracesEndpoint;
  if (!tracesEndpoint) return undefined;
  const tenant = (config as { COUNCIL_CODE?: string }).COUNCIL_CODE;
  return {
    tracesEndpoint,
    serviceName: config.OTEL_SERVICE_NAME ?? service,
    ...(tenant ? { tenant } : {}),
    scheduleDelayMs: config.OTEL_BSP_SCHEDULE_DELAY,
  };
}

export async function startService(module: DynamicModule, options: StartOptions): Promise<RunningService> {
  if (options.tracing) startTracing(options.tracing);
  const json = options.logFormat === 'json' ? createJsonLogger(options.serviceName ?? module.module.name) : undefined;
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: json ? new JsonLogger(json) : (options.logLevels ?? ['error', 'warn', 'log']),
    bodyParser: false,
  });
  app.use(requestLogging(json));
  app.use(requestTracing());
  // Before the body is read: an address over its limit costs no parsing (the refusal is still access-logged).
  app.use(addressRateLimitMiddleware(new RateLimiter({ perMinute: options.rateLimitPerAddress ?? 0 })));
  app.useBodyParser('json', { limit: options.bodyLimit ?? '1mb' });
  app.use(requestContext());
  app.use(requestTraceContext());
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  await app.listen(options.port, options.host);
  const url = `http://${options.host}:${options.port}`;
  Logger.log(`listening on ${url}`, module.module.name);
  return {
    app,
    url,
    close: async () => {
      await app.close();
      await flushTracing();
    },
  };
}

/** True when this module is the process entry point (`node dist/apps/x/src/main.js`). */
export function isEntryPoint(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  return importMetaUrl === new URL(`file://${entry.startsWith('/') ? '' : process.cwd() + '/'}${entry}`).href;
}

export type ServiceBootstrap = ((
  env?: Record<string, string | undefined>,
  options?: { shutdownHooks?: boolean; logLevels?: LogLevel[] },
) => Promise<RunningService>) & {
  /** The migration step (services with a database): validate the config, apply pending migrations under the lock. */
  migrate?: (env?: Record<string, string | undefined>) => Promise<MigrationResult>;
};

/** A service's entry: validate its config from an environment (refusing to start on bad settings), then boot it. */
export function serviceEntry<C extends BaseConfig>(
  name: string,
  configClass: new () => C,
  moduleFor: (config: C) => DynamicModule,
  defaults: Partial<StartOptions> = {},
): ServiceBootstrap {
  const bootstrap: ServiceBootstrap = async (env = process.env, options = {}) => {
    const config = loadConfig(name, configClass, env);
    return startService(moduleFor(config), {
      port: config.PORT,
      host: config.HOST,
      logFormat: config.logFormat,
      serviceName: name,
      rateLimitPerAddress: config.RCC_RATE_LIMIT_PER_ADDRESS,
      tracing: tracingOptions(config, name),
      ...defaults,
      ...options,
    });
  };
  if (configClass.prototype instanceof ServiceConfig) {
    bootstrap.migrate = async (env = process.env) => {
      const config = loadConfig(name, configClass, env) as C & ServiceConfig;
      return migrateDatabase(config.DATABASE_URL, migrationsOf(moduleFor(config)));
    };
  }
  return bootstrap;
}

/** Runs the service when its module is the process entry point; exits non-zero with the reason otherwise. */
export function runIfEntryPoint(importMetaUrl: string, bootstrap: ServiceBootstrap): void {
  if (!isEntryPoint(importMetaUrl)) return;
  bootstrap().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
