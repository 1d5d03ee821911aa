import { plainToInstance, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { DEV_SECRET } from '@rcc/auth';

export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service}: refusing to start, invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** What every process needs: where it listens and how it verifies tokens. */
export class BaseConfig {
  @IsIn(['development', 'test', 'production'])
  RCC_ENV: 'development' | 'test' | 'production' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number;

  @IsString()
  HOST = '127.0.0.1';

  @IsOptional()
  @MinLength(32, { message: 'RCC_JWT_SECRET must be at least 32 characters' })
  RCC_JWT_SECRET?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  RCC_JWT_JWKS_URL?: string;

  @IsString()
  RCC_JWT_ISSUER = 'rcc-dev';

  @IsString()
  RCC_JWT_AUDIENCE = 'rcc-exchange';

  /** `json`: one JSON object per line with request ids and access logs (production's default); `text`: Nest's. */
  @IsOptional()
  @IsIn(['json', 'text'])
  RCC_LOG_FORMAT?: 'json' | 'text';

  get logFormat(): 'json' | 'text' {
    return this.RCC_LOG_FORMAT ?? (this.RCC_ENV === 'production' ? 'json' : 'text');
  }

  /** What a service refuses in production beyond the common checks (e.g. a development key); override to add. */
  productionProblems(): string[] {
    return [];
  }
}

/** What every subgraph service needs. Each extends it with its own variables; all come from the environment. */
export class ServiceConfig extends BaseConfig {
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  /**
   * Connections this service keeps to its database. An embedded (PGlite) database runs one statement at a time on
   * one session, so embedded mode sets 1: two connections multiplexed onto that session interleave their extended-
   * protocol messages and transactions (ADR 36).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  @IsIn(['kafka', 'in-process'])
  RCC_BUS: 'kafka' | 'in-process' = 'kafka';

  @ValidateIf((c: ServiceConfig) => c.RCC_BUS === 'kafka')
  @Matches(/^[^,\s:]+:\d+(,[^,\s:]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  /** Optional namespace for this deployment's topics on a shared broker (e.g. `staging.`); tests use one per run. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,60}\.$/, {
    message: 'KAFKA_TOPIC_PREFIX must be lower-case letters, digits, . _ - and end with "."',
  })
  KAFKA_TOPIC_PREFIX?: string;

  /**
   * `apply`: run pending migrations at start under the advisory lock; `verify`: refuse to start while any is pending
   * (production's default: migrations are a step of their own, `rcc migrate` or the Job; docs/adr/0038).
   */
  @IsOptional()
  @IsIn(['apply', 'verify'])
  RCC_MIGRATIONS?: 'apply' | 'verify';

  /** Readiness fails when the outbox's oldest unpublished row is older than this (the relay stopped draining). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  RCC_READY_OUTBOX_MAX_AGE_SECONDS = 300;

  get migrationMode(): 'apply' | 'verify' {
    return this.RCC_MIGRATIONS ?? (this.RCC_ENV === 'production' ? 'verify' : 'apply');
  }
}

/** Builds and validates a config from an environment; throws ConfigError naming every bad variable. */
export function loadConfig<T extends BaseConfig>(
  service: string,
  cls: new () => T,
  env: Record<string, string | undefined>,
): T {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(cls, defined);
  const problems = validateSync(config).flatMap((e) =>
    Object.values(e.constraints ?? {}).map(
      (m) => `${e.property}: ${m} (got ${JSON.stringify(defined[e.property] ?? null)})`,
    ),
  );
  if (!config.RCC_JWT_SECRET && !config.RCC_JWT_JWKS_URL) {
    problems.push('RCC_JWT_SECRET or RCC_JWT_JWKS_URL: one is required to verify tokens');
  }
  if (config.RCC_ENV === 'production') {
    if (config.RCC_JWT_SECRET === DEV_SECRET)
      problems.push('RCC_JWT_SECRET: the development secret is refused in production');
    if (config instanceof ServiceConfig && config.RCC_BUS === 'in-process')
      problems.push('RCC_BUS: the in-process bus is for embedded mode, not production');
    problems.push(...config.productionProblems());
  }
  if (problems.length > 0) throw new ConfigError(service, problems);
  return config;
}
