import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { createEnvelope, type EnvelopeFields, type EventDefinition, type EventEnvelope } from '@rcc/contracts';
import { currentCorrelationId } from './correlation.js';
import { traceHeaders } from './tracing.js';

/**
 * Writes an event to the outbox inside the caller's transaction: the event exists if and only if the change does.
 * Never publish to the bus from business code; the relay does that. The event joins the chain of work under way
 * (`correlationId`, else the current context's: the request or the event being handled, ADR 0045), else starts one.
 * The active trace context goes beside it (`trace_headers`, ADR 0056), for the relay to send on as Kafka headers.
 */
export async function enqueueEvent<P extends object>(
  em: EntityManager,
  definition: EventDefinition<P>,
  fields: Omit<EnvelopeFields<P>, 'id'>,
): Promise<EventEnvelope<P>> {
  if (!em.queryRunner?.isTransactionActive) {
    throw new Error('enqueueEvent must run inside a transaction (use dataSource.transaction)');
  }
  const envelope = createEnvelope(definition, {
    ...fields,
    correlationId: fields.correlationId ?? currentCorrelationId() ?? randomUUID(),
  });
  const trace = traceHeaders();
  await em.query(
    `INSERT INTO outbox (event_id, topic, event_key, event_type, envelope, trace_headers) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      envelope.id,
      definition.topic,
      envelope.key,
      `${envelope.type}.v${envelope.version}`,
      JSON.stringify(envelope),
      Object.keys(trace).length > 0 ? JSON.stringify(trace) : null,
    ],
  );
  return envelope;
}
