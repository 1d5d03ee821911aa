import type { ApolloServerPlugin } from '@apollo/server';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVICE_NAME,
} from '@opentelemetry/semantic-conventions';
import { contextFromHeaders } from '@rcc/messaging';

/** For HTTP clients outside this library (the gateway): the W3C headers of a trace context. */
export { traceHeaders } from '@rcc/messaging';

/**
 * OpenTelemetry tracing (docs/adr/0056): explicit instrumentation, in one place, of what the services do: an HTTP
 * server span per request, a span per GraphQL operation (subgraphs and gateway), pg query spans (pg-tracing.ts) and
 * the Kafka produce/process spans (libs/messaging). No require-hook auto-instrumentation: the services run as ESM and,
 * in tests, under jest's VM modules, where such hooks patch nothing reliably.
 *
 * Off unless an OTLP endpoint is configured (`OTEL_EXPORTER_OTLP_ENDPOINT`): then nothing is registered, the API's
 * no-ops answer every call, and the middleware and plugin below step aside. Spans carry names, kinds, routes,
 * operation names, SQL without values, topics and event ids: never a child's id, a parameter value or a token.
 */
export interface TracingSettings {
  /** The `service.name` resource attribute. */
  serviceName: string;
  /** A council instance's ONS code (the `rcc.tenant` resource attribute). */
  tenant?: string;
  /** The OTLP/HTTP traces URL (e.g. `http://collector:4318/v1/traces`). */
  tracesEndpoint: string;
  /** Milliseconds a finished span waits for its batch's export at most. */
  scheduleDelayMs?: number;
}

let provider: TracerProvider | undefined;

/** Whether this process records spans (a provider is installed). */
export function tracingEnabled(): boolean {
  return provider !== undefined;
}

/**
 * Installs a tracer provider with these span processors as the process's own, with the W3C trace context
 * propagator and an AsyncLocalStorage context manager. One per process: embedded mode's services share the first.
 * Tests install one with an `InMemorySpanExporter`.
 */
export function installTracing(spanProcessors: SpanProcessor[], attributes: Record<string, string>): TracerProvider {
  if (provider) return provider;
  const manager = new AsyncLocalStorageContextManager();
  manager.enable();
  context.setGlobalContextManager(manager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.namespace': 'rcc-exchange', ...attributes }),
    spanProcessors,
  });
  trace.setGlobalTracerProvider(provider);
  return provider;
}

/** Starts tracing to an OTLP/HTTP collector (headers from `OTEL_EXPORTER_OTLP_HEADERS`, read by the exporter). */
export function startTracing(settings: TracingSettings): TracerProvider {
  const exporter = new OTLPTraceExporter({ url: settings.tracesEndpoint });
  return installTracing([new BatchSpanProcessor({ exporter, scheduledDelayMillis: settings.scheduleDelayMs })], {
    [ATTR_SERVICE_NAME]: settings.serviceName,
    ...(settings.tenant ? { 'rcc.tenant': settings.tenant } : {}),
  });
}

/** Exports what is pending (at a service's close). */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}

/** Removes the process's provider, propagator and context manager (tests, after shutting their provider down). */
export function uninstallTracing(): void {
  provider = undefined;
  trace.disable();
  propagation.disable();
  context.disable();
}

export function platformTracer() {
  return trace.getTracer('@rcc/platform');
}

interface Req {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  originalUrl?: string;
  url: string;
  route?: { path?: unknown };
  [TRACE_CONTEXT]?: Context;
}
interface Res {
  statusCode: number;
  once(event: 'finish' | 'close', listener: () => void): void;
}

const TRACE_CONTEXT = Symbol('rcc.traceContext');
/** Probes and scrapes (kubelet, Prometheus, the gateway's readiness) would each start a trace: not traced. */
const PROBES = /^\/(health|metrics)(\/|\?|$)/;
/** A path made of plain words only (`/graphql`, `/health/ready`): safe and bounded enough to name a span. */
const PLAIN_PATH = /^(\/[a-z][a-z-]{0,40}){1,4}$/;

/** The route a span is named by: Express's matched route, else a plain-word path, else none (ids stay out). */
export function spanRoute(req: Pick<Req, 'route' | 'originalUrl' | 'url'>): string | undefined {
  if (typeof req.route?.path === 'string') return req.route.path;
  const path = (req.originalUrl ?? req.url).split('?')[0]!;
  return PLAIN_PATH.test(path) ? path : undefined;
}

/**
 * Express middleware: a SERVER span per request, child of the caller's `traceparent` when it sends one, active for
 * the rest of the pipeline and ended when the response is sent (or the connection closes). Named by method and route;
 * attributes: method, route, status. Never the query string, headers, body or address. Probes are not traced.
 */
export function requestTracing() {
  return (req: Req, res: Res, next: () => void) => {
    if (!tracingEnabled() || PROBES.test(req.originalUrl ?? req.url)) return next();
    const parent = contextFromHeaders(req.headers);
    const span = platformTracer().startSpan(
      req.method,
      { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: req.method } },
      parent,
    );
    const active = trace.setSpan(parent, span);
    req[TRACE_CONTEXT] = active;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const route = spanRoute(req);
      if (route) {
        span.setAttribute(ATTR_HTTP_ROUTE, route);
        span.updateName(`${req.method} ${route}`);
      }
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(active, next);
  };
}

/** Enters the request's span again after the body parsers (which resume from socket callbacks, losing it). */
export function requestTraceContext() {
  return (req: Req, _res: unknown, next: () => void) => {
    const active = req[TRACE_CONTEXT];
    return active ? context.with(active, next) : next();
  };
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
const operationContexts = new WeakMap<object, Context>();

/**
 * The context of the GraphQL operation's span for this Apollo context value: the gateway sends it on to subgraphs
 * (`traceparent`), so their spans are children of the operation.
 */
export function graphqlTraceContext(contextValue: object | undefined): Context | undefined {
  return contextValue ? operationContexts.get(contextValue) : undefined;
}

/**
 * An Apollo Server plugin: one span per GraphQL operation, child of the request's span, named `<type> <name>`
 * (`mutation OpenReferral`). Attributes: the operation's type and name (a GraphQL name, else none) and, on failure,
 * the errors' codes. Never the document, variables or error messages.
 */
export function graphqlTracing(): ApolloServerPlugin {
  return {
    requestDidStart: async (request) => {
      if (!tracingEnabled()) return {};
      const parent = context.active();
      const span = platformTracer().startSpan('graphql', { kind: SpanKind.INTERNAL }, parent);
      if (request.contextValue && typeof request.contextValue === 'object')
        operationContexts.set(request.contextValue, trace.setSpan(parent, span));
      return {
        didResolveOperation: async ({ operation, operationName }) => {
          const type = operation?.operation ?? 'unknown';
          span.setAttribute('graphql.operation.type', type);
          if (operationName && GRAPHQL_NAME.test(operationName)) {
            span.setAttribute('graphql.operation.name', operationName);
            span.updateName(`${type} ${operationName}`);
          } else span.updateName(type);
        },
        didEncounterErrors: async ({ errors }) => {
          const codes = [...new Set(errors.map((e) => String(e.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR')))];
          span.setAttribute(
            'graphql.error.codes',
            codes.filter((c) => GRAPHQL_NAME.test(c)),
          );
          span.setStatus({ code: SpanStatusCode.ERROR });
        },
        willSendResponse: async () => {
          span.end();
        },
      };
    },
  };
}
