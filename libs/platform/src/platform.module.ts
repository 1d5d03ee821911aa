import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { Logger, Module, ValidationPipe, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, Reflector } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource, MixedList } from 'typeorm';
import { AccessGuard, bearerToken, TokenVerifier } from '@rcc/auth';
import {
  InboxConsumer,
  InProcessEventBus,
  KafkaEventBus,
  MessagingTables1763769600000,
  OutboxRelay,
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
  /** Council instances: council callers must belong to this council. */
  tenantCouncil?: string;
}

export function createEventBus(config: ServiceConfig, service: ServiceInfo): EventBus {
  if (config.RCC_BUS === 'in-process') return InProcessEventBus.shared();
  return new KafkaEventBus({
    brokers: config.KAFKA_BROKERS.split(','),
    clientId: service.tenant ? `${service.name}-${service.tenant}` : service.name,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
  });
}

export function tokenVerifier(config: BaseConfig): TokenVerifier {
  return new TokenVerifier({
    secret: config.RCC_JWT_SECRET,
    jwksUrl: config.RCC_JWT_JWKS_URL,
    issuer: config.RCC_JWT_ISSUER,
    audience: config.RCC_JWT_AUDIENCE,
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
    const logName = `${service.name}${service.tenant ? `:${service.tenant}` : ''}`;
    const logger = new Logger(logName);
    const handlers = options.consumes ?? [];
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
                  onDeadLetter: (reason) => logger.warn(`dead-lettered an event: ${reason}`),
                }),
            },
          ];
    return {
      module: PlatformModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.DATABASE_URL,
          entities: options.entities,
          migrations: [MessagingTables1763769600000, ...options.migrations],
          migrationsRun: true,
          migrationsTransactionMode: 'each',
          synchronize: false,
          // Failed statements are logged without their parameters (child-level values; sql-logger.ts).
          logger: sqlLoggerFor(logName),
          extra: { max: 10 },
        }),
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
          plugins: [ApolloServerPluginInlineTraceDisabled(), ...protection.plugins],
        }),
      ],
      controllers: [HealthController],
      providers: [
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
            new OutboxRelay(dataSource, bus, { onError: (e) => logger.warn(`outbox relay: ${(e as Error).message}`) }),
        },
        ...consumerProviders,
        MessagingLifecycle,
      ],
      exports: [SERVICE_INFO, SERVICE_CONFIG, EVENT_BUS, OutboxRelay, ...(handlers.length ? [InboxConsumer] : [])],
    };
  }
}
