import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { IsString } from 'class-validator';
import type { DataSource, EntityManager } from 'typeorm';
import { createEnvelope, type EventDefinition } from '@rcc/contracts';
import type { BusMessage, EventBus } from './event-bus.js';
import { InboxConsumer, type EventHandler } from './inbox-consumer.js';
import { OutboxRelay } from './outbox-relay.js';
import { contextFromHeaders, inSpan, traceHeaders } from './tracing.js';

class Ping {
  @IsString()
  note!: string;
}
const PingEvent: EventDefinition<Ping> = { type: 'test.ping', version: 1, topic: 'test.pings', payload: Ping };
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

/** A DataSource whose transactions hand `query` to the test (the SQL is PostgreSQL's; here only its answers matter). */
function fakeDataSource(answer: (sql: string, params: unknown[]) => unknown[]): DataSource {
  const em = { query: async (sql: string, params: unknown[] = []) => answer(sql, params) } as unknown as EntityManager;
  return {
    transaction: async (fn: (em: EntityManager) => Promise<unknown>) => fn(em),
    query: async (sql: string, params: unknown[] = []) => answer(sql, params),
  } as unknown as DataSource;
}

function recordingBus(sent: BusMessage[]): EventBus {
  return {
    kind: 'in-process',
    ensureTopics: async () => undefined,
    publish: async (messages) => void sent.push(...messages),
    subscribe: async () => ({ stop: async () => undefined }),
    subscribeBatch: async () => ({ stop: async () => undefined }),
    close: async () => undefined,
  };
}

describe('trace context without tracing set up', () => {
  it('injects nothing and extracts no span', async () => {
    await inSpan('untraced', {}, async () => {
      expect(traceHeaders()).toEqual({});
    });
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(trace.getSpanContext(contextFromHeaders({ traceparent: parent }))).toBeUndefined();
  });
});

describe('trace context through the outbox, the relay and the inbox (ADR 0056)', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());

  it('writes the active span as traceparent and reads it back as a remote parent', async () => {
    await inSpan('request', {}, async (span) => {
      const headers = traceHeaders();
      expect(Object.keys(headers)).toEqual(['traceparent']);
      const [, traceId, spanId] = TRACEPARENT.exec(headers['traceparent']!)!;
      expect({ traceId, spanId }).toEqual({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId });
      const read = trace.getSpanContext(contextFromHeaders({ ...headers, 'event-id': 'x', baggage: 'child=1' }));
      expect(read).toMatchObject({ traceId, spanId, isRemote: true });
    });
  });

  it('ignores a malformed traceparent and headers that are not trace context', () => {
    expect(trace.getSpanContext(contextFromHeaders({ traceparent: 'not-a-trace' }))).toBeUndefined();
    expect(trace.getSpanContext(contextFromHeaders({ 'correlation-id': 'abc' }))).toBeUndefined();
    expect(trace.getSpanContext(contextFromHeaders(undefined))).toBeUndefined();
  });

  it('the relay sends a traced row under a PRODUCER span, child of the row, and an untraced one without', async () => {
    let parentHeaders: Record<string, string> = {};
    await inSpan('request', {}, async () => {
      parentHeaders = traceHeaders();
    });
    const envelope = (id: string) =>
      createEnvelope(PingEvent, { producer: 'p', tenant: null, key: 'k', payload: { note: id } });
    const traced = envelope('a');
    const untraced = envelope('b');
    const rows = [
      {
        seq: '1',
        event_id: traced.id,
        topic: 'test.pings',
        event_key: 'k',
        event_type: 'test.ping.v1',
        envelope: traced,
        trace_headers: parentHeaders,
      },
      {
        seq: '2',
        event_id: untraced.id,
        topic: 'test.pings',
        event_key: 'k',
        event_type: 'test.ping.v1',
        envelope: untraced,
        trace_headers: null,
      },
    ];
    const sent: BusMessage[] = [];
    const relay = new OutboxRelay(
      fakeDataSource((sql) =>
        sql.includes('pg_try_advisory_xact_lock') ? [{ locked: true }] : sql.startsWith('SELECT') ? rows : [],
      ),
      recordingBus(sent),
    );
    expect(await relay.relayOnce()).toBe(2);

    const spans = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.PRODUCER);
    expect(spans).toHaveLength(1);
    const [produce] = spans;
    const [, parentTrace, parentSpan] = TRACEPARENT.exec(parentHeaders['traceparent']!)!;
    expect(produce!.spanContext().traceId).toBe(parentTrace);
    expect(produce!.parentSpanContext?.spanId).toBe(parentSpan);
    expect(produce!.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'test.pings',
      'messaging.message.id': traced.id,
    });
    expect(sent[0]!.headers!['traceparent']).toBe(`00-${parentTrace}-${produce!.spanContext().spanId}-01`);
    expect(sent[1]!.headers!['traceparent']).toBeUndefined();
  });

  it('the inbox handles an event in a CONSUMER span, child of its headers, and the handler runs in it', async () => {
    const producer = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const envelope = createEnvelope(PingEvent, { producer: 'p', tenant: null, key: 'k', payload: { note: 'hello' } });
    let activeInHandler: string | undefined;
    let outboxTrace: Record<string, string> = {};
    const inbox = new InboxConsumer(
      fakeDataSource((sql) => (sql.startsWith('INSERT INTO inbox') ? [{ event_id: envelope.id }] : [])),
      recordingBus([]),
      {
        consumer: 'analytics',
        groupId: 'rcc.analytics',
        handlers: [
          {
            definition: PingEvent,
            handle: async () => {
              activeInHandler = trace.getActiveSpan()?.spanContext().spanId;
              outboxTrace = traceHeaders();
            },
          },
        ],
      },
    );
    await inbox.receive({
      topic: 'test.pings',
      key: 'k',
      value: JSON.stringify(envelope),
      headers: { traceparent: producer, 'event-id': envelope.id },
    });
    const [span] = exporter.getFinishedSpans();
    expect(span).toMatchObject({ name: 'process test.pings', kind: SpanKind.CONSUMER });
    expect(span!.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span!.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span!.attributes).toMatchObject({
      'rcc.inbox.outcome': 'processed',
      'messaging.consumer.group.name': 'rcc.analytics',
    });
    expect(activeInHandler).toBe(span!.spanContext().spanId);
    // What the handler writes to its outbox continues the same trace.
    expect(outboxTrace['traceparent']).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${span!.spanContext().spanId}-01`);
  });

  /** Two events, each sent under its own trace, handled by the inbox in one batch with this handler. */
  const parents = ['0af7651916cd43dd8448eb211c80319c', '4bf92f3577b34da6a3ce929d0e0e4736'];
  async function receiveTwo(handler: Omit<EventHandler<Ping>, 'definition'>): Promise<void> {
    const envelopes = parents.map((_, i) =>
      createEnvelope(PingEvent, { producer: 'p', tenant: null, key: 'k', payload: { note: `n${i}` } }),
    );
    const inbox = new InboxConsumer(
      fakeDataSource((sql) => (sql.startsWith('INSERT INTO inbox') ? envelopes.map((e) => ({ event_id: e.id })) : [])),
      recordingBus([]),
      { consumer: 'analytics', groupId: 'rcc.analytics', handlers: [{ definition: PingEvent, ...handler }] },
    );
    await inbox.receiveBatch(
      envelopes.map((e, i) => ({
        topic: 'test.pings',
        key: 'k',
        value: JSON.stringify(e),
        headers: { traceparent: `00-${parents[i]}-b7ad6b7169203331-01` },
      })),
    );
  }

  it('a batch gives each event its own span under its own producer', async () => {
    await receiveTwo({ handle: async () => undefined });
    const spans = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.CONSUMER);
    expect(spans.map((s) => s.spanContext().traceId).sort()).toEqual([...parents].sort());
    for (const s of spans) expect(s.attributes['rcc.inbox.outcome']).toBe('processed');
  });

  it('a handler taking several events at once runs in one span under the first, linked to the others', async () => {
    let active: string | undefined;
    await receiveTwo({
      handle: async () => undefined,
      handleBatch: async () => void (active = trace.getActiveSpan()?.spanContext().spanId),
    });
    const finished = exporter.getFinishedSpans();
    const [first, second] = parents.map((t) =>
      finished.find((s) => s.kind === SpanKind.CONSUMER && s.spanContext().traceId === t)!,
    );
    const batch = finished.find((s) => s.name === 'handle batch')!;
    expect(batch.spanContext().spanId).toBe(active);
    expect(batch.parentSpanContext?.spanId).toBe(first!.spanContext().spanId);
    expect(batch.links.map((l) => l.context.spanId)).toEqual([second!.spanContext().spanId]);
    expect(batch.attributes).toEqual({ 'messaging.batch.message_count': 2 });
  });
});
