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
import type { BusMessage, EventBus, Subscription } from './event-bus.js';

export interface EventHandler<P extends object = object> {
  readonly definition: EventDefinition<P>;
  /** Runs in the same transaction as the inbox row: the effect happens once or not at all. */
  handle(envelope: EventEnvelope<P>, em: EntityManager): Promise<void>;
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
}

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
    this.subscription = await this.bus.subscribe({ groupId: this.options.groupId, topics: this.topics }, (m) =>
      this.receive(m),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Processes one message; exposed so tests can redeliver exactly the same bytes. */
  async receive(message: BusMessage): Promise<void> {
    let envelope: EventEnvelope<unknown>;
    let handler: AnyEventHandler | undefined;
    try {
      envelope = parseEnvelope(message.value);
      handler = this.handlers.get(definitionId(envelope.type, envelope.version));
      if (!handler) {
        if (!this.knownTypes.has(envelope.type)) {
          this.stats.ignored += 1; // another consumer's event on a shared topic
          return;
        }
        throw new ContractViolationError(envelope.type, [`version ${envelope.version} is not supported`]);
      }
      validatePayload(handler.definition, envelope.payload);
    } catch (error) {
      if (error instanceof ContractViolationError) return this.deadLetter(message, error.message);
      throw error;
    }
    try {
      const outcome = await this.dataSource.transaction(async (em) => {
        const inserted = (await em.query(
          `INSERT INTO inbox (consumer, event_id, topic, event_type, outcome) VALUES ($1, $2, $3, $4, 'processed')
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [this.options.consumer, envelope.id, message.topic, definitionId(envelope.type, envelope.version)],
        )) as unknown[];
        if (inserted.length === 0) return 'duplicate' as const;
        await handler.handle(envelope, em);
        return 'processed' as const;
      });
      // Counted once committed: a transaction cut off at COMMIT is redelivered and must not count twice.
      this.stats[outcome === 'processed' ? 'processed' : 'duplicates'] += 1;
    } catch (error) {
      if (error instanceof PermanentEventError) return this.deadLetter(message, error.message, envelope);
      throw error;
    }
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
