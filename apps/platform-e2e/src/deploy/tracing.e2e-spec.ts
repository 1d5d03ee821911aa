import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { installTracing, platformTracer, repoRoot, traceHeaders, uninstallTracing } from '@rcc/platform';
import { freePort, openReferralInput, startRegion, waitFor, type TestRegion } from '@rcc/testing';
import { demoChild } from '../fixtures/referral.js';

/**
 * One trace from a caller through the gateway, a council instance, Kafka and analytics (docs/adr/0056), on real
 * PostgreSQL and Kafka. The services run as their own processes, as in production, each configured by the standard
 * OTEL_* variables to export over OTLP/HTTP to a collector this test runs; the test itself traces with an in-memory
 * exporter and sends the gateway its span as `traceparent`. Every span of that trace must then link up: the test's
 * span, the gateway's request and operation, the council's request, operation and SQL, the relay's send and the
 * analytics inbox's processing of the event, and none may carry the child's id or the caller's token.
 */
const STAFFS = { code: 'E10000028', name: 'Staffordshire', sample: '2021' };

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: Record<string, unknown> }[];
}
interface ReceivedSpan extends OtlpSpan {
  service: string;
  attrs: Record<string, unknown>;
}
const KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 };

/** A minimal OTLP/HTTP (JSON) traces collector: what the services export, flattened to spans with their service. */
async function startCollector(): Promise<{ url: string; spans: ReceivedSpan[]; server: Server }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const parsed = JSON.parse(body.toString('utf8')) as {
        resourceSpans?: {
          resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
          scopeSpans?: { spans?: OtlpSpan[] }[];
        }[];
      };
      for (const rs of parsed.resourceSpans ?? []) {
        const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({ ...s, service, attrs: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, a.value])) });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, spans, server };
}

describe('one trace across gateway, council, Kafka and analytics', () => {
  let region: TestRegion;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    installTracing([new SimpleSpanProcessor({ exporter })], { 'service.name': 'tracing-e2e' });
    collector = await startCollector();
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '100' };
    region = await startRegion({
      councils: [STAFFS],
      env: { council: otel, registry: otel, commissioning: otel, analytics: otel, gateway: otel },
    });
  }, 600_000);

  afterAll(async () => {
    await region?.stop();
    await new Promise((resolve) => collector?.server.close(resolve));
    uninstallTracing();
  });

  it('links the caller, gateway, council, relay and analytics consumer in one trace, with nothing identifying', async () => {
    const analyst = await region.token({ subject: 'analyst', roles: ['council.analyst'], council: STAFFS.code });
    const placements = await region.token({ subject: 'p', roles: ['council.placements'], council: STAFFS.code });
    const csv = (name: string) => readFileSync(join(repoRoot(), 'infra/demo/ssda903', name), 'utf8');
    const imported = await region.gql(
      `mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { children } }`,
      analyst,
      {
        input: {
          files: ['header', 'episodes'].map((t) => ({
            name: `${STAFFS.sample}-${t}.csv`,
            content: csv(`${STAFFS.sample}-${t}.csv`),
          })),
        },
      },
    );
    expect(imported.errors).toBeUndefined();
    const childId = demoChild(STAFFS.sample);

    // The caller's span: the gateway is sent its context as `traceparent`.
    const root = platformTracer().startSpan('test: open a referral');
    const response = await context.with(trace.setSpan(context.active(), root), async () =>
      fetch(region.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${placements}`, ...traceHeaders() },
        body: JSON.stringify({
          query: 'mutation OpenReferral($input: OpenReferralInput!) { openReferral(input: $input) { id } }',
          variables: { input: openReferralInput(childId) },
        }),
      }).then((r) => r.json() as Promise<{ data?: { openReferral: { id: string } }; errors?: unknown }>),
    );
    root.end();
    expect(response.errors).toBeUndefined();
    const [exported] = exporter.getFinishedSpans();
    const traceId = exported!.spanContext().traceId;
    expect(root.spanContext().traceId).toBe(traceId);

    const inTrace = () => collector.spans.filter((s) => s.traceId === traceId);
    const find = (service: string, test: (s: ReceivedSpan) => boolean) =>
      inTrace().find((s) => s.service === service && test(s));
    const isOpened = (s: ReceivedSpan) =>
      (s.attrs['rcc.event.type'] as { stringValue?: string } | undefined)?.stringValue === 'council.referral-opened.v2';
    const consumed = await waitFor(
      async () => find('analytics', (s) => s.kind === KIND.CONSUMER && isOpened(s)),
      `analytics to export its processing of the referral in trace ${traceId}\n${region.logs().slice(-3000)}`,
      120_000,
    );
    const spans = inTrace();
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const parentOf = (s: ReceivedSpan) => (s.parentSpanId ? byId.get(s.parentSpanId) : undefined);

    // gateway: its request is the caller's child, its operation the request's.
    const gatewayRequest = find('gateway', (s) => s.kind === KIND.SERVER)!;
    expect(gatewayRequest).toMatchObject({ name: 'POST /graphql', parentSpanId: root.spanContext().spanId });
    const gatewayOperation = find('gateway', (s) => s.name === 'mutation OpenReferral')!;
    expect(gatewayOperation.parentSpanId).toBe(gatewayRequest.spanId);

    // council: its request is a child of the gateway's operation (traceparent on the subgraph fetch).
    const councilRequest = find('council', (s) => s.kind === KIND.SERVER)!;
    expect(councilRequest.parentSpanId).toBe(gatewayOperation.spanId);
    // The gateway names its subgraph operations after the caller's (`OpenReferral__council__0`).
    const councilOperation = find('council', (s) => s.name.startsWith('mutation OpenReferral'));
    expect(councilOperation?.parentSpanId).toBe(councilRequest.spanId);
    const outboxInsert = find('council', (s) => s.kind === KIND.CLIENT && /INSERT INTO outbox/.test(statement(s)))!;
    expect(outboxInsert.attrs['db.system']).toEqual({ stringValue: 'postgresql' });
    expect(outboxInsert.parentSpanId).toBe(councilRequest.spanId);

    // Kafka: the council's relay sends the event as a child of the request that wrote it; analytics processes it as
    // a child of that send.
    const sent = find('council', (s) => s.kind === KIND.PRODUCER && isOpened(s))!;
    expect(sent.parentSpanId).toBe(councilRequest.spanId);
    expect(consumed.parentSpanId).toBe(sent.spanId);
    expect(consumed.attrs['rcc.inbox.outcome']).toEqual({ stringValue: 'processed' });
    // ...and the analytics handler's SQL runs inside its processing.
    expect(spans.some((s) => s.service === 'analytics' && s.kind === KIND.CLIENT && parentOf(s) === consumed)).toBe(
      true,
    );

    // Nothing identifying or secret in any span any service exported.
    const everything = JSON.stringify(collector.spans.map((s) => ({ name: s.name, attributes: s.attributes })));
    expect(everything).not.toMatch(new RegExp(`\\b${childId}\\b`));
    expect(everything).not.toContain(placements);
    expect(everything).not.toContain(analyst);
    expect(everything).not.toContain(openReferralInput(childId).localities[0]);

    process.stdout.write(
      `trace ${traceId}: ${spans.length} spans\n${spans
        .map((s) => `  ${s.service.padEnd(13)} ${s.name} <- ${parentOf(s)?.name ?? s.parentSpanId ?? '(root)'}`)
        .join('\n')}\n`,
    );
  }, 300_000);
});

function statement(s: ReceivedSpan): string {
  return (s.attrs['db.statement'] as { stringValue?: string } | undefined)?.stringValue ?? '';
}
