import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { Logger, Module, ValidationPipe, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, Reflector } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TerminusModule } from '@nestjs/terminus';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type MixedList } from 'typeorm';
import { AccessGuard, bearerToken, TokenVerifier } from '@rcc/auth';
import {
  EventSigner,
  EventVerifier,
  HUB_ORG,
  InboxConsumer,
  InProcessEventBus,
  KafkaEventBus,
  MessagingRetention1765001946000,
  MessagingTables1763769600000,
  OutboxRelay,
  OutboxTraceHeaders1796538264000,
  runWithContext,
  type EventBus,
  type AnyEventHandler,
} from '@rcc/messaging';
import type { BaseConfig, ServiceConfig } from './config.js';
import { RedactingExceptionFilter } from './exception-filter.js';
import { formatGraphqlError } from './graphql-errors.js';
import { graphqlProtection, PrincipalRateLimit } from './graphql-protection.js';
import { sqlLoggerFor } from './sql-logger.js';
import { HealthController } from './health.controller.js';
import { MessagingLifecycle } from './messaging-lifecycle.js';
import { prepareSchema, registerMigrations } from './migrate.js';
import { METRICS, MetricsController, ServiceMetrics } from './observability/metrics.js';
import { tracePostgres } from './observability/pg-tracing.js';
import { graphqlTracing } from './observability/tracing.js';
import { EVENT_BUS, SERVICE_CONFIG, SERVICE_INFO, type ServiceInfo } from './tokens.js';

export interface PlatformOptions {
  service: ServiceInfo;
  config: ServiceConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  /** Event handlers this service consumes through its inbox. */
  consumes?: Type<AnyEventHandler>[];
  /**
   * Partitions its inbox consumes at once (default 1): only where no two keys' effects can conflict, i.e. every
   * handler's effect is one statement per row it owns (ADR 0047).
   */
  consumePartitionsConcurrently?: number;
  /** Council instances: council callers must belong to this council. */
  tenantCouncil?: string;
}

/** kafkajs's lines in the service's own log (JSON where the service logs JSON). */
const kafkaLogger = new Logger('kafkajs');

export function createEventBus(config: ServiceConfig, service: ServiceInfo): EventBus {
  if (config.RCC_BUS === 'in-process') return InProcessEventBus.shared();
  const region = (config as { RCC_REGION_COUNCILS?: string }).RCC_REGION_COUNCILS;
  return new KafkaEventBus({
    brokers: config.KAFKA_BROKERS.split(','),
    clientId: service.tenant ? `${service.name}-${service.tenant}` : service.name,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    // A council instance reads what is addressed to it only; the hub's services read every council of the region.
    addressing: { councils: service.tenant ? [service.tenant] : region ? region.split(',') : [] },
    security: config.kafkaSecurity(),
    createTopics: config.createsTopics,
    log: (level, message, fields) =>
      kafkaLogger[level === 'info' ? 'log' : level](`${message} ${JSON.stringify(fields)}`),
  });
}

/** Who this service signs events as: a council instance as its council, the shared services as the hub. */
export function eventSigner(config: ServiceConfig, service: ServiceInfo): EventSigner | undefined {
  return config.eventSigningKey ? new EventSigner(service.tenant ?? HUB_ORG, config.eventSigningKey) : undefined;
}

export function tokenVerifier(config: BaseConfig): TokenVerifier {
  return new TokenVerifier({
    issuers: config.trustedIssuers,
    audience: config.RCC_JWT_AUDIENCE,
    maxTokenAgeSeconds: config.RCC_JWT_MAX_AGE_SECONDS,
  });
}

/**
 * Everything a subgraph service stands on: its database (migrations run at start, never synchronize), the Federation 2
 * GraphQL endpoint with the one error mapping, the access guard on every resolver, the event bus with the outbox relay
 * and the inbox consumer, and /health.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { config, service } = options;
    const label = `${service.name}${service.tenant ? `:${service.tenant}` : ''}`;
    const logger = new Logger(label);
    const handlers = options.consumes ?? [];
    const metrics = new ServiceMetrics(service);
    const protection = graphqlProtection(config, { execution: true });
    const rateLimit = new PrincipalRateLimit(config);
    // Its own cache of verified tokens: the guard verifies again (from its cache), this one only picks the bucket.
    const callers = tokenVerifier(config);
    /** Each verified caller takes a token from its bucket; a bad token or header is left to the guard to refuse. */
    const limitCaller = async (req: { headers?: Record<string, string | string[] | undefined> }) => {
      let token: string | undefined;
      try {
        token = bearerToken(req.headers?.['authorization']);
      } catch {
        return;
      }
      if (!token) return;
      const principal = await callers.verify(token).catch(() => undefined);
      if (principal) rateLimit.check(principal);
    };
    const consumerProviders: Provider[] =
      handlers.length === 0
        ? []
        : [
            ...handlers,
            {
              provide: InboxConsumer,
              inject: [getDataSourceToken(), EVENT_BUS, ...handlers],
              useFactory: (dataSource: DataSource, bus: EventBus, ...instances: AnyEventHandler[]) =>
                new InboxConsumer(dataSource, bus, {
                  consumer: service.name,
                  // Per tenant: council instances must not share a group (each would see only some partitions).
                  groupId: `rcc.${service.name}${service.tenant ? `.${service.tenant}` : ''}`,
                  handlers: instances,
                  partitionsConcurrently: options.consumePartitionsConcurrently,
                  onDeadLetter: (reason) => logger.warn(`dead-lettered an event: ${reason}`),
                  // One line per event handled, in its chain (ADR 0045): the correlation id joins the services' logs.
                  onProcessed: (envelopes) => {
                    for (const e of envelopes)
                      runWithContext({ requestId: undefined, correlationId: e.correlationId }, () =>
                        logger.log(`handled ${e.type}.v${e.version} ${e.id}`),
                      );
                  },
                  verifier: config.eventKeys ? new EventVerifier(config.eventKeys) : undefined,
                }),
            },
          ];
    const migrations = [
      MessagingTables1763769600000,
      MessagingRetention1765001946000,
      OutboxTraceHeaders1796538264000,
      ...options.migrations,
    ];
    const platform: DynamicModule = {
      module: PlatformModule,
      global: true,
      imports: [
        // Migrations: applied under an advisory lock, or only verified (production), before anything uses the
        // database (migrate.ts, docs/adr/0038).
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            type: 'postgres',
            url: config.DATABASE_URL,
            entities: options.entities,
            migrations,
            migrationsRun: false,
            migrationsTransactionMode: 'each',
            synchronize: false,
            // Failed statements are logged without their parameters (child-level values; sql-logger.ts).
            logger: sqlLoggerFor(label),
            // One connection for an embedded database (DATABASE_POOL_SIZE=1, ADR 36): requests queue in the pool, kept
            // open for the service's life, and a request that waits a minute gets a clear error instead of hanging.
            extra:
              config.DATABASE_POOL_SIZE === 1
                ? { max: 1, idleTimeoutMillis: 0, connectionTimeoutMillis: 60_000 }
                : { max: config.DATABASE_POOL_SIZE },
          }),
          dataSourceFactory: async (dataSourceOptions) => {
            const dataSource = await new DataSource(dataSourceOptions!).initialize();
            // pg spans when tracing is on (ADR 0056).
            tracePostgres(dataSource);
            try {
              await prepareSchema(dataSource, label, config.migrationMode);
            } catch (error) {
              await dataSource.destroy();
              throw error;
            }
            return dataSource;
          },
        }),
        TerminusModule.forRoot({ logger: false }),
        GraphQLModule.forRoot<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          autoSchemaFile: { federation: 2 },
          sortSchema: true,
          introspection: config.RCC_ENV !== 'production',
          context: async ({ req }: { req: { headers?: Record<string, string | string[] | undefined> } }) => {
            await limitCaller(req);
            return { req };
          },
          // Limits (ADR 32): a token cap on parsing, depth/alias/cost in one linear walk, and execution stopped at
          // the first error, the deadline or the resolver budget.
          parseOptions: protection.parseOptions,
          validationRules: protection.validationRules,
          // Nest runs guards on root fields only unless told otherwise: without this, @ResolveReference (`_entities`)
          // and @ResolveField resolvers skip the AccessGuard entirely (no token check, no @Allow), which the
          // authorization matrix found: anyone, even with a forged token, could read entities straight from a subgraph.
          fieldResolverEnhancers: ['guards'],
          formatError: formatGraphqlError,
          // No Apollo Studio: federated tracing would only add ftv1 payloads to every response.
          plugins: [
            ApolloServerPluginInlineTraceDisabled(),
            metrics.graphqlPlugin(),
            graphqlTracing(),
            ...protection.plugins,
          ],
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: METRICS, useValue: metrics },
        { provide: SERVICE_INFO, useValue: service },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
        },
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: RedactingExceptionFilter },
        { provide: EVENT_BUS, useFactory: () => createEventBus(config, service) },
        {
          provide: APP_GUARD,
          inject: [Reflector],
          useFactory: (reflector: Reflector) =>
            new AccessGuard(reflector, { verifier: tokenVerifier(config), tenantCouncil: options.tenantCouncil }),
        },
        {
          provide: OutboxRelay,
          inject: [getDataSourceToken(), EVENT_BUS],
          useFactory: (dataSource: DataSource, bus: EventBus) =>
            new OutboxRelay(dataSource, bus, {
              onError: (e) => logger.warn(`outbox relay: ${(e as Error).message}`),
              onPublished: (events) => {
                for (const e of events)
                  runWithContext({ requestId: undefined, correlationId: e.correlationId }, () =>
                    logger.log(`published ${e.eventType} ${e.eventId}`),
                  );
              },
              signer: eventSigner(config, service),
            }),
        },
        ...consumerProviders,
        MessagingLifecycle,
      ],
      exports: [
        METRICS,
        SERVICE_INFO,
        SERVICE_CONFIG,
        EVENT_BUS,
        OutboxRelay,
        ...(handlers.length ? [InboxConsumer] : []),
      ],
    };
    registerMigrations(platform, migrations);
    return platform;
  }
}
