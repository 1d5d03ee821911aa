import { RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { context as otelContext } from '@opentelemetry/api';
import { GraphQLError } from 'graphql';
import { graphqlTraceContext, traceHeaders } from '@rcc/platform';
import type { GatewayContext } from './gateway-context.js';

/** Sends each subgraph request with the caller's own bearer token: every subgraph verifies it again. */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const context = options.context as Partial<GatewayContext> | undefined;
    if (context?.authorization) options.request.http?.headers.set('authorization', context.authorization);
    if (context?.requestId) options.request.http?.headers.set('x-request-id', context.requestId);
    // The operation's span goes on to the subgraph as its parent (W3C trace context, ADR 0056); none when untraced.
    const trace = traceHeaders(graphqlTraceContext(options.context) ?? otelContext.active());
    for (const [name, value] of Object.entries(trace)) options.request.http?.headers.set(name, value);
  }
}

/**
 * The council subgraph is one schema served by one instance per council. A request from a council user goes to that
 * council's instance and nowhere else; a request from anyone else goes to the first instance, which refuses it (the
 * council subgraph enforces its own access: the gateway is not trusted with child-level data). Both gateway engines
 * route with this.
 */
export function councilUrlFor(urls: Map<string, string>, context: Partial<GatewayContext> | undefined): string {
  const council = context?.principal?.council;
  if (!council) {
    const first = urls.values().next();
    if (first.done) throw new Error('at least one council instance must be configured');
    return first.value;
  }
  const url = urls.get(council);
  if (!url) {
    throw new GraphQLError(`no council instance is configured for ${council}`, { extensions: { code: 'FORBIDDEN' } });
  }
  return url;
}

/** Apollo Gateway's data source for the council subgraph: one forwarding data source per instance. */
export class CouncilRouter implements GraphQLDataSource<GatewayContext> {
  private readonly instances = new Map<string, ForwardingDataSource>();

  constructor(
    private readonly urls: Map<string, string>,
    fetcher?: ForwardingDataSource['fetcher'],
  ) {
    if (urls.size === 0) throw new Error('at least one council instance must be configured');
    for (const url of new Set(urls.values())) {
      this.instances.set(url, new ForwardingDataSource(fetcher ? { url, fetcher } : { url }));
    }
  }

  /** Which instance serves this caller (exported for the routing tests). */
  route(context: Partial<GatewayContext> | undefined): ForwardingDataSource {
    return this.instances.get(councilUrlFor(this.urls, context))!;
  }

  process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    return this.route(options.context as Partial<GatewayContext> | undefined).process(options);
  }
}
