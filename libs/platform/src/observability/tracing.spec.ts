import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ApolloServer } from '@apollo/server';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { traceHeaders } from '@rcc/messaging';
import { sqlForSpan, sqlOperation, tracedQuery } from './pg-tracing.js';
import {
  graphqlTraceContext,
  graphqlTracing,
  installTracing,
  requestTraceContext,
  requestTracing,
  spanRoute,
  uninstallTracing,
} from './tracing.js';

describe('statements as spans show them', () => {
  it('replaces every literal with ? and keeps parameters, names and keywords', () => {
    expect(
      sqlForSpan(`SELECT * FROM child  WHERE child_id = 'C123''4' AND age > 15 AND x = $1 AND t2.col = E'\\n'`),
    ).toBe(`SELECT * FROM child WHERE child_id = ? AND age > ? AND x = $1 AND t2.col = ?`);
    expect(sqlForSpan(`DO $body$ BEGIN PERFORM 'secret'; END $body$; SELECT -2.5e3, $$x$$`)).toBe(`DO ?; SELECT ?, ?`);
    expect(sqlForSpan(`INSERT INTO "t1" (a) VALUES (42)`)).toBe(`INSERT INTO "t1" (a) VALUES (?)`);
    expect(sqlForSpan(`SELECT ${'x, '.repeat(2000)}1`).length).toBeLessThanOrEqual(2001);
  });

  it('names a span by the first keyword', () => {
    expect(sqlOperation('  insert into x values ($1)')).toBe('INSERT');
    expect(sqlOperation('/* c */ WITH a AS (SELECT 1) SELECT * FROM a')).toBe('WITH');
    expect(sqlOperation('')).toBe('SQL');
  });
});

describe('platform spans (ADR 0056)', () => {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => {
    installTracing([new SimpleSpanProcessor({ exporter })], { 'service.name': 'test' });
  });
  afterAll(() => uninstallTracing());
  beforeEach(() => exporter.reset());

  it('pg: a CLIENT span per statement inside a trace, none outside, promise and callback alike', async () => {
    const query = tracedQuery(function (this: unknown, ...args: unknown[]) {
      const callback = args[args.length - 1];
      if (typeof callback === 'function') return void setImmediate(() => callback(null, { rows: [] }));
      return Promise.resolve({ rows: [] });
    });
    await query.call({}, 'SELECT 1');
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    await trace.getTracer('t').startActiveSpan('request', async (span) => {
      await query.call({}, `SELECT * FROM child WHERE id = 'C1'`, []);
      await new Promise((resolve) => query.call({}, { text: 'UPDATE child SET x = $1' }, ['C1'], resolve));
      span.end();
    });
    const db = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.CLIENT);
    expect(db.map((s) => s.name)).toEqual(['SELECT', 'UPDATE']);
    expect(db[0]!.attributes).toEqual({
      'db.system': 'postgresql',
      'db.system.name': 'postgresql',
      'db.operation.name': 'SELECT',
      'db.statement': 'SELECT * FROM child WHERE id = ?',
    });
    expect(JSON.stringify(db.map((s) => s.attributes))).not.toContain('C1');
  });

  it('pg: a failed statement ends its span as an error, with the class name only', async () => {
    const query = tracedQuery(() =>
      Promise.reject(Object.assign(new Error(`value "C1" is bad`), { name: 'QueryFailed' })),
    );
    await trace.getTracer('t').startActiveSpan('request', async (span) => {
      await expect(query.call({}, 'SELECT 1')).rejects.toThrow();
      span.end();
    });
    const [failed] = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.CLIENT);
    expect(failed!.status).toEqual({ code: 2, message: 'QueryFailed' });
  });

  it('HTTP: a SERVER span per request, child of the caller, active through the pipeline, named by route', async () => {
    const caller = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = Object.assign(new EventEmitter(), { statusCode: 200 });
    const req = { method: 'POST', url: '/graphql?x=C1', headers: { traceparent: caller } };
    let inPipeline: Record<string, string> = {};
    await new Promise<void>((resolve) =>
      requestTracing()(req, res, () =>
        // The body parser resumes from a socket callback: the context is lost and entered again.
        setImmediate(() =>
          requestTraceContext()(req, res, () => {
            inPipeline = traceHeaders();
            resolve();
          }),
        ),
      ),
    );
    res.emit('finish');
    const [span] = exporter.getFinishedSpans();
    expect(span).toMatchObject({ name: 'POST /graphql', kind: SpanKind.SERVER });
    expect(span!.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span!.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(span!.attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'http.response.status_code': 200,
    });
    expect(inPipeline['traceparent']).toContain(span!.spanContext().spanId);
  });

  it('HTTP: probes and scrapes are not traced', async () => {
    for (const url of ['/health', '/health/ready', '/metrics']) {
      const res = Object.assign(new EventEmitter(), { statusCode: 200 });
      await new Promise<void>((resolve) => requestTracing()({ method: 'GET', url, headers: {} }, res, resolve));
      res.emit('finish');
    }
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('HTTP: names no span after a path that may carry an id', () => {
    expect(spanRoute({ url: '/open-data/demand-profile/3/table.csv' })).toBeUndefined();
    expect(spanRoute({ url: '/health/ready?x=1' })).toBe('/health/ready');
    expect(spanRoute({ url: '/x/C123', route: { path: '/x/:id' } })).toBe('/x/:id');
  });

  it('GraphQL: a span per operation, named by type and name, without variables or document', async () => {
    const server = new ApolloServer({
      typeDefs: 'type Query { child(id: ID!): String }',
      resolvers: {
        Query: {
          child: (_parent: unknown, _args: unknown, ctx: object) => {
            seen = ctx;
            return traceHeaders()['traceparent'] ?? null;
          },
        },
      },
      plugins: [graphqlTracing()],
    });
    await server.start();
    const contextValue = {};
    // Apollo hands resolvers (and the gateway's data sources) its own copy of the context value.
    let seen: object | undefined;
    try {
      await trace.getTracer('t').startActiveSpan('http', async (http) => {
        const result = await server.executeOperation(
          { query: 'query ChildName($id: ID!) { child(id: $id) }', variables: { id: 'C123' } },
          { contextValue },
        );
        expect(result.body.kind).toBe('single');
        http.end();
      });
      await server.executeOperation({ query: '{ nope }' });
    } finally {
      await server.stop();
    }
    const spans = exporter.getFinishedSpans().filter((s) => s.name !== 'http');
    expect(spans.map((s) => s.name)).toEqual(['query ChildName', 'graphql']);
    expect(spans[0]!.attributes).toEqual({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'ChildName' });
    expect(spans[1]!.attributes).toEqual({ 'graphql.error.codes': ['GRAPHQL_VALIDATION_FAILED'] });
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain('C123');
    // The gateway sends the operation's context on to its subgraphs.
    expect(trace.getSpanContext(graphqlTraceContext(seen)!)?.spanId).toBe(spans[0]!.spanContext().spanId);
  });
});
