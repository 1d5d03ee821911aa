import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** The one envelope every event travels in. */
export interface EventEnvelope<P = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  producer: string;
  tenant: string | null;
  key: string;
  payload: P;
  /**
   * The chain of work this event belongs to (ADR 0045): a referral's events and the events written while handling
   * them share it. A plain token (uuid or request id), nothing identifying. Absent on events from before it existed.
   */
  correlationId?: string;
}

/** A versioned event contract: a breaking change is a new definition with a new version, never an edit. */
export interface EventDefinition<P extends object> {
  readonly type: string;
  readonly version: number;
  readonly topic: string;
  readonly payload: new () => P;
  /** Rules across fields that decorators cannot express; returns the problems found. */
  readonly rules?: (payload: P) => string[];
}

export class ContractViolationError extends Error {
  readonly code = 'CONTRACT_VIOLATION';
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(`${message}: ${problems.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${path}: ${m}`);
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** Validates a payload against its contract class; unknown properties are violations (nothing extra may leak). */
export function validatePayload<P extends object>(definition: EventDefinition<P>, payload: unknown): P {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new ContractViolationError(`${definition.type}.v${definition.version}`, ['payload must be an object']);
  }
  const instance = plainToInstance(definition.payload, payload);
  const problems = flatten(validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }));
  if (problems.length === 0 && definition.rules) problems.push(...definition.rules(payload as P));
  if (problems.length > 0) {
    throw new ContractViolationError(`${definition.type}.v${definition.version}`, problems);
  }
  return payload as P;
}

/** What a producer gives for an envelope; the rest (type, version, schema) comes from the event's definition. */
export interface EnvelopeFields<P> {
  producer: string;
  tenant: string | null;
  key: string;
  payload: P;
  occurredAt?: Date;
  id?: string;
  correlationId?: string;
}

export function createEnvelope<P extends object>(
  definition: EventDefinition<P>,
  fields: EnvelopeFields<P>,
): EventEnvelope<P> {
  validatePayload(definition, fields.payload);
  if (fields.correlationId !== undefined && !CORRELATION_ID.test(fields.correlationId)) {
    throw new ContractViolationError('envelope', ['correlationId must be a plain token of at most 128 characters']);
  }
  return {
    id: fields.id ?? randomUUID(),
    type: definition.type,
    version: definition.version,
    occurredAt: (fields.occurredAt ?? new Date()).toISOString(),
    producer: fields.producer,
    tenant: fields.tenant,
    key: fields.key,
    payload: fields.payload,
    ...(fields.correlationId !== undefined ? { correlationId: fields.correlationId } : {}),
  };
}

/** Parses and checks the envelope's own fields; the payload is checked against its definition by the consumer. */
export function parseEnvelope(raw: string | Buffer): EventEnvelope<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString());
  } catch (error) {
    throw new ContractViolationError('envelope', [`not JSON: ${(error as Error).message}`]);
  }
  if (typeof value !== 'object' || value === null) {
    throw new ContractViolationError('envelope', ['not an object']);
  }
  const e = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof e.id !== 'string' || !UUID.test(e.id)) problems.push('id must be a UUID');
  if (typeof e.type !== 'string' || e.type.length === 0) problems.push('type must be a non-empty string');
  if (!Number.isInteger(e.version) || (e.version as number) < 1) problems.push('version must be a positive integer');
  if (typeof e.occurredAt !== 'string' || Number.isNaN(Date.parse(e.occurredAt)))
    problems.push('occurredAt must be an ISO instant');
  if (typeof e.producer !== 'string' || e.producer.length === 0) problems.push('producer must be a non-empty string');
  if (e.tenant !== null && typeof e.tenant !== 'string') problems.push('tenant must be a string or null');
  if (typeof e.key !== 'string' || e.key.length === 0) problems.push('key must be a non-empty string');
  if (!('payload' in e)) problems.push('payload is missing');
  if (e.correlationId !== undefined && (typeof e.correlationId !== 'string' || !CORRELATION_ID.test(e.correlationId)))
    problems.push('correlationId must be a plain token of at most 128 characters');
  if (problems.length > 0) throw new ContractViolationError('envelope', problems);
  return e as unknown as EventEnvelope<unknown>;
}

export function definitionId(type: string, version: number): string {
  return `${type}.v${version}`;
}
