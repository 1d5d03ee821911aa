import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import {
  Inject,
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { TokenVerifier } from '@rcc/auth';
import {
  formatGraphqlError,
  graphqlProtection,
  graphqlTracing,
  PrincipalRateLimit,
  repoRoot,
  SubgraphMetrics,
} from '@rcc/platform';
import { requestLimitsMiddleware, type RequestLimits } from './platform/query-limits.js';
import { parseUrlList, type GatewayConfig } from './platform/gateway.config.js';
import { GatewayHealthController, SUBGRAPH_HEALTH_URLS } from './platform/gateway-health.controller.js';
import { CouncilRouter, ForwardingDataSource } from './routing/council-router.js';
import { subgraphFetcher } from './routing/subgraph-fetcher.js';
import { callerContext, type GatewayContext } from './routing/gateway-context.js';
import { hiveGateway } from './hive/hive-gateway.js';

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
}

/** The Hive engine's request handler for /graphql (absent with the Apollo engine, which Nest's GraphQLModule mounts). */
interface HiveHandler {
  (req: unknown, res: unknown): unknown;
  fetch(url: string): Promise<Response>;
  dispose(): unknown;
}

const REQUEST_LIMITS = Symbol('REQUEST_LIMITS');
const HIVE_HANDLER = Symbol('HIVE_HANDLER');

/**
 * The federated gateway: verifies the caller's token (subgraphs verify it again), routes council requests to the
 * caller's own council instance, applies query limits, and composes from the committed supergraph. Two engines serve
 * it (RCC_GATEWAY_ENGINE, docs/adr/0048): Hive Gateway's runtime or Apollo Gateway.
 */
@Module({})
export class GatewayModule implements NestModule, OnModuleInit, OnModuleDestroy {
  constructor(
    @Inject(REQUEST_LIMITS) private readonly limits: RequestLimits,
    @Inject(HIVE_HANDLER) private readonly hive: HiveHandler | null,
  ) {}

  /** Batch size and query-document size are refused before GraphQL parses anything. */
  configure(consumer: MiddlewareConsumer): void {
    const middleware = [requestLimitsMiddleware(this.limits)];
    const hive = this.hive;
    if (hive) middleware.push((req: unknown, res: unknown) => void hive(req, res));
    consumer.apply(...middleware).forRoutes('graphql');
  }

  /** Hive loads the supergraph at its first request: here, so that a bad supergraph fails start-up, not a caller. */
  async onModuleInit(): Promise<void> {
    if (!this.hive) return;
    const res = await this.hive.fetch('http://gateway.internal/graphql?query=%7B__typename%7D');
    if (!res.ok) throw new Error(`the Hive gateway did not start: ${res.status} ${await res.text()}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.hive?.dispose();
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
    const hiveEngine = config.RCC_GATEWAY_ENGINE === 'hive';
    const fetcher =
      hiveEngine || config.RCC_SUBGRAPH_CLIENT === 'keep-alive'
        ? subgraphFetcher({ timeoutMs: config.RCC_SUBGRAPH_TIMEOUT_MS, observe: subgraphMetrics.observe })
        : undefined;
    const supergraphSdl = readFileSync(
      config.RCC_SUPERGRAPH ?? join(repoRoot(), 'apps/gateway/supergraph.graphql'),
      'utf8',
    );
    // The same limits as every subgraph (libs/platform, ADR 32); the gateway runs no resolvers of its own.
    const protection = graphqlProtection(config, { execution: false });
    const rateLimit = new PrincipalRateLimit(config);
    // Introspection is off in production; development and test keep it for tooling.
    const introspection = config.RCC_ENV !== 'production';
    const hive =
      hiveEngine && fetcher
        ? hiveGateway({
            supergraphSdl,
            subgraphs,
            councils,
            verifier,
            rateLimit,
            protection,
            fetcher,
            maxBatch: config.RCC_MAX_BATCH,
            introspection,
          })
        : null;
    return {
      module: GatewayModule,
      controllers: [GatewayHealthController, subgraphMetrics.controller()],
      providers: [
        { provide: SUBGRAPH_HEALTH_URLS, useValue: health },
        { provide: REQUEST_LIMITS, useValue: limits },
        { provide: HIVE_HANDLER, useValue: hive },
      ],
      imports: hive
        ? []
        : [
            GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
              driver: ApolloGatewayDriver,
              server: {
                introspection,
                allowBatchedHttpRequests: config.RCC_MAX_BATCH > 1,
                parseOptions: protection.parseOptions,
                validationRules: protection.validationRules,
                formatError: formatGraphqlError,
                // A span per operation, the parent of its subgraph calls (ADR 0056); a no-op when untraced.
                plugins: [graphqlTracing()],
                context: ({ req }: { req: HttpRequest }): Promise<GatewayContext> =>
                  callerContext((name) => req.headers[name], verifier, rateLimit),
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
