import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { Inject, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { AuthError, bearerToken, PUBLIC_PRINCIPAL, TokenVerifier } from '@rcc/auth';
import {
  formatGraphqlError,
  graphqlProtection,
  PrincipalRateLimit,
  repoRoot,
  requestIdFrom,
  SubgraphMetrics,
} from '@rcc/platform';
import { requestLimitsMiddleware, type RequestLimits } from './platform/query-limits.js';
import { parseUrlList, type GatewayConfig } from './platform/gateway.config.js';
import { GatewayHealthController, SUBGRAPH_HEALTH_URLS } from './platform/gateway-health.controller.js';
import { CouncilRouter, ForwardingDataSource } from './routing/council-router.js';
import { subgraphFetcher } from './routing/subgraph-fetcher.js';
import type { GatewayContext } from './routing/gateway-context.js';

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The federated gateway: verifies the caller's token (subgraphs verify it again), routes council requests to the
 * caller's own council instance, applies query limits, and composes from the committed supergraph.
 */
const REQUEST_LIMITS = Symbol('REQUEST_LIMITS');

@Module({})
export class GatewayModule implements NestModule {
  constructor(@Inject(REQUEST_LIMITS) private readonly limits: RequestLimits) {}

  /** Batch size and query-document size are refused before GraphQL parses anything. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestLimitsMiddleware(this.limits)).forRoutes('graphql');
  }

  static forRoot(config: GatewayConfig): DynamicModule {
    const limits: RequestLimits = { maxBatch: config.RCC_MAX_BATCH, maxQueryChars: config.RCC_MAX_QUERY_CHARS };
    const subgraphs = parseUrlList(config.RCC_SUBGRAPHS);
    const councils = parseUrlList(config.RCC_COUNCILS);
    // Verified tokens are remembered until their expiry (libs/auth); one keep-alive pool to every subgraph.
    const verifier = new TokenVerifier({
      issuers: config.trustedIssuers,
      audience: config.RCC_JWT_AUDIENCE,
      maxTokenAgeSeconds: config.RCC_JWT_MAX_AGE_SECONDS,
      cacheSize: config.RCC_TOKEN_CACHE_SIZE,
    });
    const health = new Map([...subgraphs, ...[...councils].map(([code, url]) => [`council:${code}`, url] as const)]);
    // Latency and failures per subgraph on /metrics, told by the fetcher (ADR 0045).
    const subgraphMetrics = new SubgraphMetrics(health);
    const fetcher =
      config.RCC_SUBGRAPH_CLIENT === 'keep-alive'
        ? subgraphFetcher({ timeoutMs: config.RCC_SUBGRAPH_TIMEOUT_MS, observe: subgraphMetrics.observe })
        : undefined;
    const supergraphSdl = readFileSync(
      config.RCC_SUPERGRAPH ?? join(repoRoot(), 'apps/gateway/supergraph.graphql'),
      'utf8',
    );
    // The same limits as every subgraph (libs/platform, ADR 32); the gateway runs no resolvers of its own.
    const protection = graphqlProtection(config, { execution: false });
    const rateLimit = new PrincipalRateLimit(config);

    return {
      module: GatewayModule,
      controllers: [GatewayHealthController, subgraphMetrics.controller()],
      providers: [
        { provide: SUBGRAPH_HEALTH_URLS, useValue: health },
        { provide: REQUEST_LIMITS, useValue: limits },
      ],
      imports: [
        GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          server: {
            // Introspection is off in production; development and test keep it for tooling.
            introspection: config.RCC_ENV !== 'production',
            allowBatchedHttpRequests: config.RCC_MAX_BATCH > 1,
            parseOptions: protection.parseOptions,
            validationRules: protection.validationRules,
            formatError: formatGraphqlError,
            context: async ({ req }: { req: HttpRequest }): Promise<GatewayContext> => {
              // The request id the platform's middleware accepted from the caller or made, returned in x-request-id.
              const requestId = requestIdFrom(req.headers['x-request-id']);
              let principal;
              let token: string | undefined;
              try {
                token = bearerToken(req.headers['authorization']);
                if (!token) return { principal: PUBLIC_PRINCIPAL, requestId };
                principal = await verifier.verify(token);
              } catch (error) {
                if (error instanceof AuthError) {
                  throw new GraphQLError(error.message, {
                    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
                  });
                }
                throw error;
              }
              rateLimit.check(principal);
              return { principal, authorization: `Bearer ${token}`, requestId };
            },
          },
          gateway: {
            supergraphSdl,
            buildService: ({ name }) => {
              if (name === 'council') return new CouncilRouter(councils, fetcher);
              const url = subgraphs.get(name);
              if (!url) throw new Error(`RCC_SUBGRAPHS has no URL for subgraph "${name}"`);
              return new ForwardingDataSource(fetcher ? { url, fetcher } : { url });
            },
          },
        }),
      ],
    };
  }
}
