import { context, trace, type Context, type Span } from '@opentelemetry/api';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ContractViolationError,
  deadLetterTopic,
  definitionId,
  parseEnvelope,
  validatePayload,
  type EventDefinition,
  type EventEnvelope,
} from '@rcc/contracts';
import type { BusMessage, ConsumerMembership, EventBus, Subscription } from './event-bus.js';
import type { EventVerifier } from './signing.js';
import { runWithContext } from './correlation.js';
import { contextFromHeaders, inSpan, markFailed, messagingAttributes, messagingTracer, SpanKind } from './tracing.js';

export interface EventHandler<P extends object = object> {
  readonly definition: EventDefinition<P>;
  /** Runs in the same transaction as the inbox row: the effect happens once or not at all. */
  handle(envelope: EventEnvelope<P>, em: EntityManager): Promise<void>;
  /**
   * Optional: applies several events at once (all new to the inbox, in partition order, in the batch's transaction),
   * e.g. in one statement. It must have the effect of `handle` called for each in turn. If it throws
   * `PermanentEventError`, the inbox goes through the batch again one message at a time with `handle`.
   */
  handleBatch?(envelopes: EventEnvelope<P>[], em: EntityManager): Promise<void>;
}

/** A handler of any event type, for lists of handlers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEventHandler = EventHandler<any>;

/** A handler throws this when the event can never be processed (retrying cannot help): it is dead-lettered. */
export class PermanentEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentEventError';
  }
}

export interface InboxOptions {
  /** Name recorded in the inbox table: one row per (consumer, event). */
  consumer: string;
  groupId: string;
  handlers: AnyEventHandler[];
  onDeadLetter?: (reason: string, message: BusMessage) => void;
  /** Called with the events whose effects have just committed (in commit order), e.g. for latency metrics. */
  onProcessed?: (envelopes: EventEnvelope<unknown>[]) => void;
  /** Messages per inbox transaction at most (a larger fetched batch is split). Default 1000. */
  maxBatchSize?: number;
  /** Partitions consumed at once, each batch in its own transaction (see `BatchSubscribeOptions`). Default 1. */
  partitionsConcurrently?: number;
  /**
   * Checks each event's organisation signature against the region's key registry: an unsigned, forged or wrongly
   * signed event is dead-lettered with the reason and has no effect (ADR 0034). Without it, nothing is checked.
   */
  verifier?: EventVerifier;
}

/** What parsing one message of a batch gave. */
type Parsed =
  | {
      kind: 'event';
      message: BusMessage;
      envelope: EventEnvelope<unknown>;
      handler: AnyEventHandler;
      /** Its process span (batches; ADR 0056) and the context that span is active in. */
      span?: Span;
      context?: Context;
    }
  | { kind: 'ignored' }
  | { kind: 'violation'; message: BusMessage; reason: string };

export interface InboxStats {
  processed: number;
  duplicates: number;
  deadLettered: number;
  ignored: number;
}

/**
 * Consumes through the inbox: each event id is recorded in the same transaction as its effect, so a redelivered event
 * has no second effect. A malformed event or one that fails its contract goes to `<topic>.dlt` with the reason, and
 * the consumer moves on; any other failure is retried by the bus (the message is not acknowledged).
 *
 * The bus hands over batches (one partition, in order); a batch is one PostgreSQL transaction: every inbox row in one
 * statement, then the handlers of the events that were new, in order. If a handler throws `PermanentEventError`, the
 * transaction is rolled back and the batch is processed again one message per transaction (`receive`), which
 * dead-letters that message only (ADR 0025).
 */
export class InboxConsumer {
  private subscription: Subscription | undefined;
  private readonly handlers = new Map<string, AnyEventHandler>();
  private readonly knownTypes = new Set<string>();
  readonly stats: InboxStats = { processed: 0, duplicates: 0, deadLettered: 0, ignored: 0 };

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly options: InboxOptions,
  ) {
    for (const h of options.handlers) {
      this.handlers.set(definitionId(h.definition.type, h.definition.version), h);
      this.knownTypes.add(h.definition.type);
    }
  }

  get topics(): string[] {
    return [...new Set(this.options.handlers.map((h) => h.definition.topic))];
  }

  async start(): Promise<void> {
    await this.bus.ensureTopics([...this.topics, ...this.topics.map(deadLetterTopic)]);
    this.subscription = await this.bus.subscribeBatch(
      {
        groupId: this.options.groupId,
        topics: this.topics,
        maxBatchSize: this.options.maxBatchSize ?? 1000,
        partitionsConcurrently: this.options.partitionsConcurrently,
      },
      (messages) => this.receiveBatch(messages),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Group membership, for readiness: `stopped` before start and after stop (docs/adr/0039). */
  membership(): ConsumerMembership {
    if (!this.subscription) return 'stopped';
    return this.subscription.membership?.() ?? 'joined';
  }

  /**
   * Processes a batch (messages of one partition, in order) in one transaction. Resolves once every message has had
   * its effect, was a duplicate, was ignored or was dead-lettered; throws (nothing acknowledged) on any other failure.
   */
  async receiveBatch(messages: BusMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (messages.length === 1) return this.receive(messages[0]!);
    const parsed = messages.map((m) => this.parse(m));
    // A batch may hold the same event twice (the relay republished it after a fault): the first copy counts.
    const seen = new Set<string>();
    const events: Extract<Parsed, { kind: 'event' }>[] = [];
    let duplicatesInBatch = 0;
    for (const p of parsed) {
      if (p.kind !== 'event') continue;
      if (seen.has(p.envelope.id)) duplicatesInBatch += 1;
      else {
        seen.add(p.envelope.id);
        events.push(p);
      }
    }
    let applied: EventEnvelope<unknown>[] = [];
    if (events.length > 0) {
      // One process span per event, child of the context its headers carry (ADR 0056), ended once the batch commits.
      for (const e of events) Object.assign(e, this.processSpan(e.message, e.envelope));
      try {
        applied = await context.with(events[0]!.context!, () =>
          this.dataSource.transaction(async (em) => {
            const inserted = (await em.query(
              `INSERT INTO inbox (consumer, event_id, topic, event_type, outcome)
             SELECT $1, e.id, e.topic, e.type, 'processed' FROM unnest($2::uuid[], $3::text[], $4::text[]) AS e(id, topic, type)
             ON CONFLICT DO NOTHING RETURNING event_id`,
              [
                this.options.consumer,
                events.map((e) => e.envelope.id),
                events.map((e) => e.message.topic),
                events.map((e) => definitionId(e.envelope.type, e.envelope.version)),
              ],
            )) as { event_id: string }[];
            const fresh = new Set(inserted.map((r) => r.event_id));
            const done = events.filter((e) => fresh.has(e.envelope.id));
            // In order; a run of events for one handler that can take them together goes in one call.
            for (let i = 0; i < done.length;) {
              const { handler } = done[i]!;
              let j = i + 1;
              if (handler.handleBatch) {
                while (j < done.length && done[j]!.handler === handler) j += 1;
                const run = done.slice(i, j);
                const envelopes = run.map((e) => e.envelope);
                await inRunSpan(run, () => inChainOf(envelopes, () => handler.handleBatch!(envelopes, em)));
              } else {
                const e = done[i]!;
                await context.with(e.context!, () => inChainOf([e.envelope], () => handler.handle(e.envelope, em)));
              }
              i = j;
            }
            return done.map((e) => e.envelope);
          }),
        );
        const fresh = new Set(applied);
        for (const e of events)
          e.span!.setAttribute('rcc.inbox.outcome', fresh.has(e.envelope) ? 'processed' : 'duplicate');
      } catch (error) {
        for (const e of events) markFailed(e.span!, error);
        if (!(error instanceof PermanentEventError)) throw error;
        // One event can never be processed: the batch's transaction is gone, so go again one message at a time;
        // `receive` dead-letters that one and applies the rest (any already recorded are duplicates).
        for (const message of messages) await this.receive(message);
        return;
      } finally {
        for (const e of events) e.span!.end();
      }
    }
    // Counted once committed (a transaction cut off at COMMIT comes again and must not count twice).
    this.stats.processed += applied.length;
    this.stats.duplicates += events.length - applied.length + duplicatesInBatch;
    if (applied.length > 0) this.options.onProcessed?.(applied);
    for (const p of parsed) {
      if (p.kind === 'ignored') this.stats.ignored += 1;
      // After the commit: if this publish fails, the batch comes again; its events are duplicates by then, and the
      // malformed messages (which have no inbox row) are dead-lettered again.
      else if (p.kind === 'violation') await this.deadLetter(p.message, p.reason);
    }
  }

  private parse(message: BusMessage): Parsed {
    try {
      const envelope = parseEnvelope(message.value);
      const handler = this.handlers.get(definitionId(envelope.type, envelope.version));
      if (!handler) {
        // Another consumer's event on a shared topic.
        if (!this.knownTypes.has(envelope.type)) return { kind: 'ignored' };
        throw new ContractViolationError(envelope.type, [`version ${envelope.version} is not supported`]);
      }
      const refused = this.options.verifier?.problem(message, envelope);
      if (refused) return { kind: 'violation', message, reason: refused };
      validatePayload(handler.definition, envelope.payload);
      return { kind: 'event', message, envelope, handler };
    } catch (error) {
      if (error instanceof ContractViolationError) return { kind: 'violation', message, reason: error.message };
      throw error;
    }
  }

  /** Processes one message; exposed so tests can redeliver exactly the same bytes. */
  async receive(message: BusMessage): Promise<void> {
    const parsed = this.parse(message);
    if (parsed.kind === 'ignored') {
      this.stats.ignored += 1;
      return;
    }
    if (parsed.kind === 'violation') return this.deadLetter(message, parsed.reason);
    const { envelope, handler } = parsed;
    const { span, context: active } = this.processSpan(message, envelope);
    try {
      const outcome = await context.with(active, () =>
        this.dataSource.transaction(async (em) => {
          const inserted = (await em.query(
            `INSERT INTO inbox (consumer, event_id, topic, event_type, outcome) VALUES ($1, $2, $3, $4, 'processed')
           ON CONFLICT DO NOTHING RETURNING event_id`,
            [this.options.consumer, envelope.id, message.topic, definitionId(envelope.type, envelope.version)],
          )) as unknown[];
          if (inserted.length === 0) return 'duplicate' as const;
          await inChainOf([envelope], () => handler.handle(envelope, em));
          return 'processed' as const;
        }),
      );
      span.setAttribute('rcc.inbox.outcome', outcome === 'processed' ? 'processed' : 'duplicate');
      // Counted once committed: a transaction cut off at COMMIT is redelivered and must not count twice.
      this.stats[outcome === 'processed' ? 'processed' : 'duplicates'] += 1;
      if (outcome === 'processed') this.options.onProcessed?.([envelope]);
    } catch (error) {
      if (!(error instanceof PermanentEventError)) {
        markFailed(span, error);
        throw error;
      }
      span.setAttribute('rcc.inbox.outcome', 'dead-lettered');
      return await context.with(active, () => this.deadLetter(message, error.message, envelope));
    } finally {
      span.end();
    }
  }

  /** A CONSUMER span for one event, child of the trace context in its headers (a new trace without one). */
  private processSpan(message: BusMessage, envelope: EventEnvelope<unknown>): { span: Span; context: Context } {
    const parent = contextFromHeaders(message.headers);
    const span = messagingTracer().startSpan(
      `process ${message.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          ...messagingAttributes('process', message.topic, {
            id: envelope.id,
            type: definitionId(envelope.type, envelope.version),
          }),
          'messaging.consumer.group.name': this.options.groupId,
          'rcc.consumer': this.options.consumer,
        },
      },
      parent,
    );
    return { span, context: trace.setSpan(parent, span) };
  }

  private async deadLetter(message: BusMessage, reason: string, envelope?: EventEnvelope<unknown>): Promise<void> {
    await this.bus.publish([
      {
        topic: deadLetterTopic(message.topic),
        key: message.key,
        value: message.value,
        headers: { ...message.headers, 'dlt-reason': reason, 'dlt-consumer': this.options.consumer },
      },
    ]);
    if (envelope) {
      await this.dataSource.query(
        `INSERT INTO inbox (consumer, event_id, topic, event_type, outcome, detail)
         VALUES ($1, $2, $3, $4, 'dead-lettered', $5) ON CONFLICT DO NOTHING`,
        [this.options.consumer, envelope.id, message.topic, definitionId(envelope.type, envelope.version), reason],
      );
    }
    this.stats.deadLettered += 1;
    this.options.onDeadLetter?.(reason, message);
  }
}

/**
 * A handler given several events at once runs in one span, child of the first event's process span and linked to the
 * others' (ADR 0056): the work it does and the events it writes belong to the first event's trace. Given one event,
 * it runs in that event's span.
 */
function inRunSpan<T>(
  run: { envelope: EventEnvelope<unknown>; span?: Span; context?: Context }[],
  fn: () => Promise<T>,
): Promise<T> {
  if (run.length === 1) return context.with(run[0]!.context!, fn);
  return inSpan(
    'handle batch',
    {
      parent: run[0]!.context,
      links: run.slice(1).map((e) => ({ context: e.span!.spanContext() })),
      attributes: { 'messaging.batch.message_count': run.length },
    },
    fn,
  );
}

/**
 * Runs a handler in the chain of the events it handles (ADR 0045), so the outbox rows it writes inherit their
 * correlation id: the one they share; with none or several, each row written starts its own.
 */
function inChainOf<T>(envelopes: EventEnvelope<unknown>[], fn: () => Promise<T>): Promise<T> {
  const ids = new Set(envelopes.map((e) => e.correlationId));
  const shared = ids.size === 1 ? [...ids][0] : undefined;
  return runWithContext({ correlationId: shared }, fn);
}
