import { createGatewayRuntime, useCustomFetch, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { GraphQLError, parse, type GraphQLFormattedError } from 'graphql';
import type { TokenVerifier } from '@rcc/auth';
import { formatGraphqlError, traceHeaders, type GraphqlProtection, type PrincipalRateLimit } from '@rcc/platform';
import { callerContext, type GatewayContext } from '../routing/gateway-context.js';
import { councilUrlFor } from '../routing/council-router.js';
import type { SubgraphFetcher } from '../routing/subgraph-fetcher.js';

/** Where the council subgraph points in the supergraph given to Hive: every such call is routed by the caller. */
const COUNCIL_PLACEHOLDER = 'http://council.rcc.invalid/graphql';

export interface HiveGatewayOptions {
  supergraphSdl: string;
  subgraphs: Map<string, string>;
  councils: Map<string, string>;
  verifier: TokenVerifier;
  rateLimit: PrincipalRateLimit;
  protection: GraphqlProtection;
  fetcher: SubgraphFetcher;
  maxBatch: number;
  introspection: boolean;
}

type RccContext = { rcc?: GatewayContext };

/** The committed supergraph with each subgraph's URL from the configuration (the council's routed per caller). */
export function supergraphWithUrls(sdl: string, subgraphs: Map<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (_, name: string) => {
    const url = name === 'council' ? COUNCIL_PLACEHOLDER : subgraphs.get(name);
    if (!url) throw new Error(`RCC_SUBGRAPHS has no URL for subgraph "${name}"`);
    return `@join__graph(name: "${name}", url: "${url}")`;
  });
}

/**
 * The gateway on Hive Gateway's runtime (MIT; docs/adr/0048) instead of Apollo Gateway: the same supergraph, the same
 * limits (the platform's parse options and validation rules), the same caller verification and rate limit, the same
 * council routing, and the same HTTP client to the subgraphs (subgraph-fetcher.ts, where per-subgraph observations
 * are made). Returns the runtime: a Node request handler for `/graphql`.
 */
export function hiveGateway(options: HiveGatewayOptions) {
  const { verifier, rateLimit, protection, fetcher, councils } = options;
  const limits: GatewayPlugin<RccContext> = {
    // A document that does not parse, or breaks a limit, is a 400 with the code Apollo gives it (clients and the
    // authorization matrix read both), whatever the Accept header (Yoga answers 200 to application/json otherwise).
    onParse: ({ setParseFn }) => {
      setParseFn((source, parseOptions) => parse(source, { ...parseOptions, ...protection.parseOptions }));
      return ({ result, replaceParseResult }) => {
        if (result instanceof GraphQLError) replaceParseResult(badRequest(result, 'GRAPHQL_PARSE_FAILED'));
      };
    },
    onValidate: ({ addValidationRule }) => {
      for (const rule of protection.validationRules) addValidationRule(rule);
      return ({ valid, result, setResult }) => {
        if (!valid) setResult(result.map((error) => badRequest(error, 'GRAPHQL_VALIDATION_FAILED')));
      };
    },
    onContextBuilding: async ({ context, extendContext }) => {
      const rcc = await callerContext((name) => context.request.headers.get(name), verifier, rateLimit);
      extendContext({ rcc });
    },
  };
  return createGatewayRuntime<RccContext>({
    supergraph: supergraphWithUrls(options.supergraphSdl, options.subgraphs),
    graphqlEndpoint: '/graphql',
    // Loaded here, not by name at the first request (Hive's default), so a missing package fails at start-up.
    transports: { http: httpTransport },
    landingPage: false,
    graphiql: false,
    logging: 'error',
    // The platform's middleware accepted or made the request id (and returns it); Hive must not make another.
    requestId: false,
    batching: options.maxBatch > 1 ? { limit: options.maxBatch } : false,
    disableIntrospection: options.introspection ? undefined : { disableIf: () => true },
    maskedErrors: { maskError: (error) => maskError(error) },
    propagateHeaders: {
      fromClientToSubgraphs: ({ context }) => ({
        authorization: context.rcc?.authorization,
        'x-request-id': context.rcc?.requestId,
      }),
    },
    plugins: () => [
      limits,
      // Hive sends each subgraph request as a JSON string; the council's goes to the caller's own instance.
      useCustomFetch(
        (url, init, context?: RccContext) =>
          fetcher(url === COUNCIL_PLACEHOLDER ? councilUrlFor(councils, context?.rcc) : url, {
            method: init?.method,
            // The request's trace context goes on to the subgraph (ADR 0056); nothing when untraced.
            headers: { ...init?.headers, ...traceHeaders() },
            body: typeof init?.body === 'string' ? init.body : undefined,
          }) as Promise<Response>,
      ),
    ],
  });
}

function badRequest(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    // spec: false, or Yoga leaves a 200 for application/json.
    extensions: { ...error.extensions, code, http: { status: 400, spec: false } },
  });
}

/** Errors leave through the platform's one formatter (libs/platform), keeping an HTTP status the gateway chose. */
function maskError(error: unknown): Error {
  const graphql =
    error instanceof GraphQLError ? error : new GraphQLError(String(error), { originalError: error as Error });
  const formatted: GraphQLFormattedError = graphql.toJSON();
  const out = formatGraphqlError(formatted, graphql);
  const http = graphql.extensions['http'] as { status?: number; headers?: Map<string, string> } | undefined;
  // Apollo takes the headers as a Map, Yoga as a record.
  const headers = http?.headers instanceof Map ? Object.fromEntries(http.headers) : http?.headers;
  return new GraphQLError(out.message, {
    path: out.path,
    extensions: { ...out.extensions, ...(http ? { http: { ...http, headers } } : {}) },
  });
}
