import { readFileSync } from 'node:fs';
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

  // GraphQL limits: the gateway and every subgraph apply the same ones (libs/platform/src/graphql-limits.ts, ADR 32).

  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(50)
  RCC_MAX_QUERY_DEPTH = 12;

  /** Most aliased fields in one operation (aliases multiply work without adding depth). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  RCC_MAX_ALIASES = 30;

  /** Most estimated cost of one operation: 1 per field, multiplied below lists by their expected size. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(100_000_000)
  RCC_MAX_QUERY_COST = 2_000_000;

  /** Most tokens the GraphQL parser reads from one document before giving up (graphql-js `maxTokens`). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  RCC_MAX_QUERY_TOKENS = 10_000;

  /** After this many milliseconds an operation starts no further resolvers. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  RCC_GRAPHQL_DEADLINE_MS = 60_000;

  /** Most resolvers one operation may start (every field, including plain properties). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(100_000_000)
  RCC_MAX_RESOLVER_CALLS = 1_000_000;

  /** Requests per minute per verified caller (token subject); 0 turns it off. Anonymous callers count by address. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  RCC_RATE_LIMIT_PER_PRINCIPAL = 1200;

  /** Requests per minute per client address; 0 turns it off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  RCC_RATE_LIMIT_PER_ADDRESS = 3000;

  /** What a service refuses in production beyond the common checks (e.g. a development key); override to add. */
  productionProblems(): string[] {
    return [];
  }
}

/** What every subgraph service needs. Each extends it with its own variables; all come from the environment. */
export class ServiceConfig extends BaseConfig {
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

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

  /** Subgraphs sit behind the gateway, so every caller shares its address: limited per principal, not per address. */
  override RCC_RATE_LIMIT_PER_ADDRESS = 0;
}

/**
 * `NAME_FILE=/path` sets NAME from that file (mounted secrets: Docker/Kubernetes secrets), trailing newline removed.
 * Setting both is refused, and so is a file that cannot be read; neither message contains a value.
 */
function withSecretFiles(env: Record<string, string | undefined>, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value !== '') out[name] = value;
  for (const [name, path] of Object.entries(out)) {
    if (!name.endsWith('_FILE') || name.length <= 5) continue;
    const target = name.slice(0, -5);
    delete out[name];
    if (env[target] !== undefined && env[target] !== '') {
      problems.push(`${target}: set either ${target} or ${name}, not both`);
      continue;
    }
    try {
      out[target] = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push(`${name}: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return out;
}

/**
 * Builds and validates a config from an environment; throws ConfigError naming every bad variable and the rule it
 * broke, never its value (a value may be a secret: the database URL carries its password).
 */
export function loadConfig<T extends BaseConfig>(
  service: string,
  cls: new () => T,
  env: Record<string, string | undefined>,
): T {
  const problems: string[] = [];
  const defined = withSecretFiles(env, problems);
  const config = plainToInstance(cls, defined);
  problems.push(
    ...validateSync(config).flatMap((e) =>
      Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}${e.property in defined ? '' : ' (not set)'}`),
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
