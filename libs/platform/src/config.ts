import { readFileSync } from 'node:fs';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, ValidateIf, validateSync } from 'class-validator';
import { parseKeyRegistry, ANY_ORG, type KafkaSecurity, type KeyRegistry } from '@rcc/messaging';
import {
  readSigningKey,
  type SigningKey,
  parseTrustedIssuers,
  trustedIssuerProductionProblems,
  type TrustedIssuer,
} from '@rcc/auth';
import { allOf, IsIntIn } from '@rcc/contracts';

/** RCC_REGION_COUNCILS: the region's member councils, ONS codes separated by commas. */
export const RegionCouncilsSetting = (): PropertyDecorator =>
  Matches(/^E(06|08|09|10)\d{6}(,E(06|08|09|10)\d{6})*$/, {
    message: 'RCC_REGION_COUNCILS must be ONS council codes separated by commas, e.g. E10000028,E06000021',
  });

/** A whole-number setting from `min` to `max`, read from its environment string. */
export const IntSetting = (min: number, max: number): PropertyDecorator =>
  allOf(
    Type(() => Number),
    IsIntIn(min, max),
  );

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

  @IntSetting(1, 65535)
  PORT: number;

  @IsString()
  HOST = '127.0.0.1';

  /**
   * The token issuers this process trusts, one per organisation, each with what it may assert (ADR 0034): a JSON
   * array, or the path of a file holding one. `npm start` and test regions make their own.
   */
  @IsString({ message: 'RCC_TRUSTED_ISSUERS is required: the issuers whose tokens this service accepts' })
  RCC_TRUSTED_ISSUERS: string;

  @IsString()
  RCC_JWT_AUDIENCE = 'rcc-exchange';

  /** `json`: one JSON object per line with request ids and access logs (production's default); `text`: Nest's. */
  @IsOptional()
  @IsIn(['json', 'text'])
  RCC_LOG_FORMAT?: 'json' | 'text';

  get logFormat(): 'json' | 'text' {
    return this.RCC_LOG_FORMAT ?? (this.RCC_ENV === 'production' ? 'json' : 'text');
  }

  /** Longest a token may have lived since it was issued (`iat`), whatever its `exp`. */
  @IntSetting(60, 7 * 24 * 3600)
  RCC_JWT_MAX_AGE_SECONDS = 12 * 3600;

  /** Parsed RCC_TRUSTED_ISSUERS (set by loadConfig). */
  trustedIssuers: TrustedIssuer[] = [];

  // GraphQL limits: the gateway and every subgraph apply the same ones (libs/platform/src/graphql-limits.ts, ADR 32).

  @IntSetting(2, 50)
  RCC_MAX_QUERY_DEPTH = 12;

  /** Most aliased fields in one operation (aliases multiply work without adding depth). */
  @IntSetting(0, 1000)
  RCC_MAX_ALIASES = 30;

  /** Most estimated cost of one operation: 1 per field, multiplied below lists by their expected size. */
  @IntSetting(10, 100_000_000)
  RCC_MAX_QUERY_COST = 2_000_000;

  /** Most tokens the GraphQL parser reads from one document before giving up (graphql-js `maxTokens`). */
  @IntSetting(100, 1_000_000)
  RCC_MAX_QUERY_TOKENS = 10_000;

  /** After this many milliseconds an operation starts no further resolvers. */
  @IntSetting(100, 3_600_000)
  RCC_GRAPHQL_DEADLINE_MS = 60_000;

  /** Most resolvers one operation may start (every field, including plain properties). */
  @IntSetting(100, 100_000_000)
  RCC_MAX_RESOLVER_CALLS = 1_000_000;

  /** Requests per minute per verified caller (token subject); 0 turns it off. Anonymous callers count by address. */
  @IntSetting(0, 10_000_000)
  RCC_RATE_LIMIT_PER_PRINCIPAL = 1200;

  /** Requests per minute per client address; 0 turns it off. */
  @IntSetting(0, 10_000_000)
  RCC_RATE_LIMIT_PER_ADDRESS = 3000;

  // OpenTelemetry tracing (ADR 0056), by the standard variables; off unless an OTLP endpoint is set.

  /** An OTLP/HTTP collector: traces go to `<it>/v1/traces`. Unset (and no traces endpoint): tracing is off. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** The collector's traces URL as it is (in place of the one made from OTEL_EXPORTER_OTLP_ENDPOINT). */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  /** `true`: no tracing whatever the endpoints say. */
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  OTEL_SDK_DISABLED = false;

  /** The `service.name` of this process's spans (default: the service's own name, e.g. `council`). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'OTEL_SERVICE_NAME must be a plain name' })
  OTEL_SERVICE_NAME?: string;

  /** Most milliseconds a finished span waits before it is exported in a batch (default 5000). */
  @IntSetting(10, 600_000)
  OTEL_BSP_SCHEDULE_DELAY = 5000;

  /** Where this process sends its spans, or undefined when tracing is off. */
  get tracesEndpoint(): string | undefined {
    if (this.OTEL_SDK_DISABLED) return undefined;
    if (this.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return this.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    return this.OTEL_EXPORTER_OTLP_ENDPOINT && `${this.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
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
  @IntSetting(1, 100)
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
  @IntSetting(1, 86_400)
  RCC_READY_OUTBOX_MAX_AGE_SECONDS = 300;

  /**
   * Whether the service creates missing Kafka topics at start. Default: yes in development and tests, no in production,
   * where `rcc kafka-topics` (a deployment step) makes them and the service only checks (readiness names the missing).
   */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'RCC_KAFKA_CREATE_TOPICS must be true or false' })
  RCC_KAFKA_CREATE_TOPICS?: 'true' | 'false';

  get createsTopics(): boolean {
    return (this.RCC_KAFKA_CREATE_TOPICS ?? (this.RCC_ENV === 'production' ? 'false' : 'true')) === 'true';
  }

  /** Published outbox rows are deleted after this many hours (ADR 0046). */
  @IntSetting(1, 87_600)
  RCC_OUTBOX_RETENTION_HOURS = 168;

  /** Processed inbox rows (the idempotency record) are deleted after this many hours; keep it past topic retention. */
  @IntSetting(1, 87_600)
  RCC_INBOX_RETENTION_HOURS = 336;

  get migrationMode(): 'apply' | 'verify' {
    return this.RCC_MIGRATIONS ?? (this.RCC_ENV === 'production' ? 'verify' : 'apply');
  }

  /** SASL/SCRAM to the broker as this organisation's principal (ADR 0035); required in production. */
  @IsOptional()
  @IsIn(['scram-sha-256', 'scram-sha-512'])
  KAFKA_SASL_MECHANISM?: 'scram-sha-256' | 'scram-sha-512';

  @IsOptional()
  @IsString()
  KAFKA_SASL_USERNAME?: string;

  @IsOptional()
  @IsString()
  KAFKA_SASL_PASSWORD?: string;

  /** TLS to the broker; required in production. KAFKA_TLS_CA_FILE: a private CA to trust (PEM). */
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  KAFKA_TLS = false;

  @IsOptional()
  @IsString()
  KAFKA_TLS_CA_FILE?: string;

  /**
   * The region's event key registry: organisation -> Ed25519 public keys (JSON or a file; ADR 0034). When set, every
   * consumed event must be signed by the organisation entitled to produce it.
   */
  @IsOptional()
  @IsString()
  RCC_EVENT_KEYS?: string;

  /** This organisation's private Ed25519 JWK (with kid), JSON or a file: signs every event it produces. */
  @IsOptional()
  @IsString()
  RCC_EVENT_SIGNING_KEY?: string;

  /** Parsed RCC_EVENT_KEYS and RCC_EVENT_SIGNING_KEY (set by loadConfig). */
  eventKeys?: KeyRegistry;
  eventSigningKey?: SigningKey;

  kafkaSecurity(): KafkaSecurity | undefined {
    const security: KafkaSecurity = {};
    if (this.KAFKA_SASL_MECHANISM)
      security.sasl = {
        mechanism: this.KAFKA_SASL_MECHANISM,
        username: this.KAFKA_SASL_USERNAME ?? '',
        password: this.KAFKA_SASL_PASSWORD ?? '',
      };
    if (this.KAFKA_TLS) security.tls = this.KAFKA_TLS_CA_FILE ? { caFile: this.KAFKA_TLS_CA_FILE } : {};
    return security.sasl || security.tls ? security : undefined;
  }

  messagingProblems(): string[] {
    const problems: string[] = [];
    if (this.KAFKA_SASL_MECHANISM && !(this.KAFKA_SASL_USERNAME && this.KAFKA_SASL_PASSWORD))
      problems.push('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM');
    try {
      if (this.RCC_EVENT_KEYS) this.eventKeys = parseKeyRegistry(this.RCC_EVENT_KEYS);
    } catch (error) {
      problems.push((error as Error).message);
    }
    try {
      if (this.RCC_EVENT_SIGNING_KEY) this.eventSigningKey = readSigningKey(this.RCC_EVENT_SIGNING_KEY);
    } catch (error) {
      problems.push(`RCC_EVENT_SIGNING_KEY: ${(error as Error).message}`);
    }
    if (this.RCC_ENV === 'production') {
      if (this.RCC_BUS === 'kafka' && !this.KAFKA_SASL_MECHANISM)
        problems.push(
          'KAFKA_SASL_MECHANISM: the broker must know which organisation connects (SASL/SCRAM) in production',
        );
      if (this.RCC_BUS === 'kafka' && !this.KAFKA_TLS) problems.push('KAFKA_TLS: required in production');
      if (!this.RCC_EVENT_KEYS)
        problems.push('RCC_EVENT_KEYS: consumers must verify who produced each event in production');
      if (!this.RCC_EVENT_SIGNING_KEY) problems.push('RCC_EVENT_SIGNING_KEY: every event is signed in production');
      if (this.eventKeys?.has(ANY_ORG)) problems.push('RCC_EVENT_KEYS: "*" (any organisation) is for tests only');
    }
    return problems;
  }

  /** Subgraphs sit behind the gateway, so every caller shares its address: limited per principal, not per address. */
  override RCC_RATE_LIMIT_PER_ADDRESS = 0;
}

/**
 * `NAME_FILE=/path` sets NAME from that file (mounted secrets: Docker/Kubernetes secrets), trailing newline removed.
 * Setting both is refused, and so is a file that cannot be read; neither message contains a value.
 */
/** Settings whose own name ends in `_FILE`: a path the service reads itself, not a secret file for another name. */
const PATH_SETTINGS = new Set(['KAFKA_TLS_CA_FILE']);

function withSecretFiles(env: Record<string, string | undefined>, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value !== '') out[name] = value;
  for (const [name, path] of Object.entries(out)) {
    if (!name.endsWith('_FILE') || name.length <= 5 || PATH_SETTINGS.has(name)) continue;
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
  for (const gone of ['RCC_JWT_SECRET', 'RCC_JWT_JWKS_URL', 'RCC_JWT_ISSUER'])
    if (defined[gone])
      problems.push(`${gone}: no longer read (no shared secret verifies tokens); list issuers in RCC_TRUSTED_ISSUERS`);
  if (config.RCC_TRUSTED_ISSUERS) {
    try {
      config.trustedIssuers = parseTrustedIssuers(config.RCC_TRUSTED_ISSUERS);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (config instanceof ServiceConfig) problems.push(...config.messagingProblems());
  if (config.RCC_ENV === 'production') {
    problems.push(...trustedIssuerProductionProblems(config.trustedIssuers).map((p) => `RCC_TRUSTED_ISSUERS: ${p}`));
    if (config instanceof ServiceConfig && config.RCC_BUS === 'in-process')
      problems.push('RCC_BUS: the in-process bus is for embedded mode, not production');
    problems.push(...config.productionProblems());
  }
  if (problems.length > 0) throw new ConfigError(service, problems);
  return config;
}
