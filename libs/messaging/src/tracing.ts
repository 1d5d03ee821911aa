import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';

/**
 * Trace context across the bus (ADR 0056), on the OpenTelemetry API only: the SDK, exporter and propagator are set up
 * once per process by libs/platform when tracing is configured. Without that setup every call here is a no-op (the
 * API's no-op propagator injects nothing and its tracer makes non-recording spans), so an untraced service pays
 * nothing but a few function calls.
 *
 * Only the W3C trace context travels (`traceparent`, `tracestate`): ids and sampling flags, never baggage. These
 * headers are not covered by the organisation's signature (ADR 0034 signs the key and envelope): a forged one can only
 * attach a consumer's span to another trace, never change what the event says.
 */
export const TRACE_HEADERS = ['traceparent', 'tracestate'] as const;

/** The tracer of the messaging library; its spans carry ids, topics and event types only (nothing identifying). */
export function messagingTracer() {
  return trace.getTracer('@rcc/messaging');
}

/** Only the W3C trace context headers of a carrier, each a string. */
function traceHeadersOf(carrier: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!carrier) return out;
  for (const name of TRACE_HEADERS) {
    const value = carrier[name];
    if (typeof value === 'string' && value.length > 0 && value.length <= 512) out[name] = value;
  }
  return out;
}

/**
 * The trace context `ctx` (default: the active one) as W3C headers: `{}` when tracing is off or nothing is traced.
 * What the outbox writer stores beside an event, and what HTTP clients send.
 */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return traceHeadersOf(carrier);
}

/** The context a message's or request's W3C headers describe (the root context when they describe none). */
export function contextFromHeaders(headers: Record<string, unknown> | null | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, traceHeadersOf(headers));
}

/**
 * Runs `fn` in a new span (child of `parent`, default the active context), active for everything `fn` awaits. The
 * span ends when `fn` settles; a throw marks it an error with the error's class name only (a message may quote data).
 */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; links?: Link[]; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = messagingTracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: options.links },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Marks a span failed with the error's class name (never its message, which may quote data). */
export function markFailed(span: Span, error: unknown): void {
  const type = error instanceof Error ? error.name : typeof error;
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/** Attributes every messaging span carries (OpenTelemetry messaging conventions); no keys, payloads or headers. */
export function messagingAttributes(
  operation: 'send' | 'process',
  topic: string,
  event: { id?: string; type?: string },
): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': operation,
    'messaging.operation.name': operation,
    'messaging.destination.name': topic,
    ...(event.id ? { 'messaging.message.id': event.id } : {}),
    ...(event.type ? { 'rcc.event.type': event.type } : {}),
  };
}

export { SpanKind };
