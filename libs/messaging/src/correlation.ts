import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What the code running now is part of (ADR 0045): the HTTP request it serves and the chain of events it belongs to.
 * Set by the request middleware (libs/platform) and by the inbox consumer around each event's handler; read by
 * `enqueueEvent` (an outbox row inherits the correlation id) and by the JSON logger (every line carries both ids).
 */
export interface OperationContext {
  requestId?: string;
  correlationId?: string;
}

/** The Kafka header the relay copies an envelope's correlation id into. */
export const CORRELATION_HEADER = 'correlation-id';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const storage = new AsyncLocalStorage<OperationContext>();

/** A correlation id as it may travel: a plain token (a uuid, or a caller's request id), never free text. */
export function isCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && CORRELATION_ID.test(value);
}

export function currentContext(): OperationContext {
  return storage.getStore() ?? {};
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** Runs `fn` with these ids added to (and overriding) the current context. */
export function runWithContext<T>(context: OperationContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

/** Runs `fn` as part of a chain: `correlationId` when it is a valid one, else a new chain. */
export function withCorrelation<T>(correlationId: string | undefined, fn: () => T): T {
  return runWithContext({ correlationId: isCorrelationId(correlationId) ? correlationId : randomUUID() }, fn);
}
