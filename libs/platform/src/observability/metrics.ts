import { Controller, Get, Header, Inject, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { Public } from '@rcc/auth';
import { InboxConsumer, type EventBus, type KafkaEventBus } from '@rcc/messaging';
import { EVENT_BUS, SERVICE_INFO, type ServiceInfo } from '../tokens.js';

/**
 * Prometheus metrics on /metrics (docs/adr/0039). One registry per service instance (embedded mode runs several in
 * one process). Labels are bounded and never carry data: topic names, operation names from a capped set, outcomes.
 */
export const METRICS = Symbol('METRICS');

const MAX_OPERATIONS = 200;

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly graphqlDuration: Histogram<'operation'>;
  readonly graphqlErrors: Counter<'operation'>;
  readonly outboxBacklog: Gauge;
  readonly outboxOldestAge: Gauge;
  readonly deadLetters: Gauge<'topic'>;
  readonly consumerLag: Gauge<'topic'>;
  readonly importDuration: Histogram<'outcome'>;
  readonly importRows: Counter<'table'>;
  private readonly operations = new Set<string>();

  constructor(service: ServiceInfo) {
    this.registry.setDefaultLabels({ service: service.name, ...(service.tenant ? { tenant: service.tenant } : {}) });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.graphqlDuration = new Histogram({
      name: 'rcc_graphql_request_duration_seconds',
      help: 'GraphQL requests by operation name, from parsing to the response',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.graphqlErrors = new Counter({
      name: 'rcc_graphql_errors_total',
      help: 'GraphQL responses carrying errors, by operation name',
      labelNames: ['operation'],
      registers,
    });
    this.outboxBacklog = new Gauge({ name: 'rcc_outbox_backlog', help: 'Outbox rows not yet published', registers });
    this.outboxOldestAge = new Gauge({
      name: 'rcc_outbox_oldest_age_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when none)',
      registers,
    });
    this.deadLetters = new Gauge({
      name: 'rcc_inbox_dead_letters',
      help: 'Events this service dead-lettered, by source topic',
      labelNames: ['topic'],
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'rcc_consumer_lag',
      help: "Messages on the broker not yet committed by this service's consumer group, by topic",
      labelNames: ['topic'],
      registers,
    });
    this.importDuration = new Histogram({
      name: 'rcc_import_duration_seconds',
      help: 'SSDA903 imports, from the first byte read to the commit, by outcome (imported, already-imported, failed)',
      labelNames: ['outcome'],
      buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
      registers,
    });
    this.importRows = new Counter({
      name: 'rcc_import_rows_total',
      help: 'Rows of SSDA903 files imported (not counting repeats of an import already made), by table',
      labelNames: ['table'],
      registers,
    });
  }

  /** Times an SSDA903 import and counts its rows by table (the council's import service; ADR 0045). */
  async timeImport<R extends { alreadyImported: boolean; files: { table: string; rows: number }[] }>(
    run: () => Promise<R>,
  ): Promise<R> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    let result: R;
    try {
      result = await run();
    } catch (error) {
      this.importDuration.observe({ outcome: 'failed' }, seconds());
      throw error;
    }
    this.importDuration.observe({ outcome: result.alreadyImported ? 'already-imported' : 'imported' }, seconds());
    if (!result.alreadyImported) for (const f of result.files) this.importRows.inc({ table: f.table }, f.rows);
    return result;
  }

  /** An operation name as a label: a client names operations, so unknown names beyond a cap share one label. */
  operationLabel(name: string | null | undefined): string {
    if (!name || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'anonymous';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATIONS) return 'other';
    this.operations.add(name);
    return name;
  }

  /** Apollo plugin: latency and errors per operation. */
  graphqlPlugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => {
        const started = process.hrtime.bigint();
        return {
          willSendResponse: async (ctx) => {
            const operation = this.operationLabel(ctx.operationName ?? ctx.request.operationName);
            this.graphqlDuration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
            if (ctx.errors?.length) this.graphqlErrors.inc({ operation });
          },
        };
      },
    };
  }
}

@Controller()
export class MetricsController {
  constructor(
    @Inject(METRICS) private readonly metrics: ServiceMetrics,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Optional() private readonly consumer?: InboxConsumer,
  ) {}

  @Public()
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    await Promise.all([this.outbox(), this.deadLetters(), this.lag()]);
    return this.metrics.registry.metrics();
  }

  private async outbox(): Promise<void> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS backlog, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS age
         FROM outbox WHERE published_at IS NULL`,
    )) as { backlog: number; age: number }[];
    this.metrics.outboxBacklog.set(row!.backlog);
    this.metrics.outboxOldestAge.set(row!.age);
  }

  private async deadLetters(): Promise<void> {
    const rows = (await this.dataSource.query(
      `SELECT topic, count(*)::int AS n FROM inbox WHERE outcome = 'dead-lettered' GROUP BY topic`,
    )) as { topic: string; n: number }[];
    for (const topic of this.consumer?.topics ?? []) this.metrics.deadLetters.set({ topic }, 0);
    for (const r of rows) this.metrics.deadLetters.set({ topic: r.topic }, r.n);
  }

  /** Consumer lag from the broker (through the service's own bus: its credentials, its per-council topics). */
  private async lag(): Promise<void> {
    if (!this.consumer || this.bus.kind !== 'kafka') return;
    const groupId = `rcc.${this.info.name}${this.info.tenant ? `.${this.info.tenant}` : ''}`;
    try {
      const lag = await (this.bus as KafkaEventBus).consumerLag(groupId, this.consumer.topics);
      for (const [topic, behind] of lag) this.metrics.consumerLag.set({ topic }, behind);
    } catch {
      // The broker is unreachable: readiness reports the consumer; the lag gauge keeps its last value.
    }
  }
}
