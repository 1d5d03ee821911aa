import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace context an outbox row was written in (ADR 0056): the W3C `traceparent`/`tracestate` the relay sends on as
 * Kafka headers, so a consumer's span is a child of the work that wrote the event. Null when tracing is off.
 */
export class OutboxTraceHeaders1796538264000 implements MigrationInterface {
  name = 'OutboxTraceHeaders1796538264000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN trace_headers jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN trace_headers`);
  }
}
