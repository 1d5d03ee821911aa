import { readFileSync } from 'node:fs';
import {
  Kafka,
  logLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type KafkaConfig,
  type KafkaMessage,
  type Producer,
  type SASLOptions,
} from 'kafkajs';
import { kafkaLogCreator, type KafkaLogSink } from './kafka-log.js';
import { addressedTopic, applicationTopic, councilTopic, isAddressed } from './addressing.js';
import type {
  BatchHandler,
  BatchSubscribeOptions,
  BusMessage,
  ConsumerMembership,
  EventBus,
  SubscribeOptions,
  Subscription,
} from './event-bus.js';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** Partitions for topics this bus creates; keys keep order within a partition. */
  partitions?: number;
  /**
   * A namespace for every topic on the broker (e.g. `staging.` or a test run's id): the application keeps using the
   * contract's topic names and sees them unprefixed; only the broker sees the prefix. Default: none.
   */
  topicPrefix?: string;
  /**
   * Per-council topics (ADR 0035): messages on an addressed topic go to `<topic>.<council>` by their key, and this
   * bus reads an addressed topic from these councils' topics only (a council instance: its own; the hub: the
   * region's). Without it, every topic is one topic (tests of the bus itself).
   */
  addressing?: { councils: string[] };
  /**
   * Whether `ensureTopics` may create missing topics (development); without, it only checks and names the missing
   * (production: `rcc kafka-topics` makes them, ADR 0045). Default true.
   */
  createTopics?: boolean;
  /** How this organisation's principal authenticates to the broker (and whether over TLS). */
  security?: KafkaSecurity;
  /** Where kafkajs's own log lines go (a service's logger); default JSON lines on stderr. */
  log?: KafkaLogSink;
}

export interface KafkaSecurity {
  /** SASL/SCRAM: the organisation's principal. */
  sasl?: { mechanism: 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** TLS to the broker; `caFile` to trust a private CA (PEM). */
  tls?: { caFile?: string };
}

/** kafkajs connection settings for a principal (also used by the ACL tooling and tests). */
export function kafkaConnection(security: KafkaSecurity | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const out: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security?.tls) out.ssl = security.tls.caFile ? { ca: [readFileSync(security.tls.caFile, 'utf8')] } : true;
  if (security?.sasl) out.sasl = { ...security.sasl } as SASLOptions;
  return out;
}

/**
 * kafkajs behind the EventBus port: acks from all in-sync replicas, one request in flight (order holds per key),
 * explicit topic creation. The producer is not Kafka-idempotent: that needs unbounded retries, and the relay must
 * report a broker that is down rather than hang; a duplicate from a retry is absorbed by the consumers' inbox.
 */
export class KafkaEventBus implements EventBus {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private readonly consumers = new Set<Consumer>();

  constructor(private readonly options: KafkaBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(options.log),
      retry: { initialRetryTime: 200, retries: 8 },
      ...kafkaConnection(options.security),
    });
  }

  private get prefix(): string {
    return this.options.topicPrefix ?? '';
  }

  /** The broker-side name of an application topic (an addressed one: for the message's key). */
  brokerTopic(topic: string, key?: string): string {
    return `${this.prefix}${key !== undefined && this.options.addressing ? addressedTopic(topic, key) : topic}`;
  }

  /** The broker topics this bus reads or makes for an application topic: each council's, when addressed. */
  private brokerTopics(topic: string): string[] {
    if (!this.options.addressing || !isAddressed(topic)) return [this.brokerTopic(topic)];
    const councils = this.options.addressing.councils;
    if (councils.length === 0) throw new Error(`no councils to read the addressed topic ${topic} for`);
    return councils.map((c) => `${this.prefix}${councilTopic(topic, c)}`);
  }

  private appTopic(brokerTopic: string): string {
    const unprefixed = brokerTopic.startsWith(this.prefix) ? brokerTopic.slice(this.prefix.length) : brokerTopic;
    return this.options.addressing ? applicationTopic(unprefixed) : unprefixed;
  }

  /** The broker topics behind these application topics that do not exist. */
  async missingTopics(applicationTopics: string[]): Promise<string[]> {
    const topics = applicationTopics.flatMap((t) => this.brokerTopics(t));
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      return topics.filter((t) => !existing.has(t));
    } finally {
      await admin.disconnect();
    }
  }

  async ensureTopics(applicationTopics: string[]): Promise<void> {
    const topics = applicationTopics.flatMap((t) => this.brokerTopics(t));
    if (this.options.createTopics === false) {
      const missing = await this.missingTopics(applicationTopics);
      if (missing.length > 0) throw new MissingTopicsError(missing);
      return;
    }
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t));
      const spec = (topic: string) => ({ topic, numPartitions: this.options.partitions ?? 3, replicationFactor: 1 });
      if (missing.length > 0) {
        try {
          await admin.createTopics({ waitForLeaders: false, topics: missing.map(spec) });
        } catch (error) {
          // Under the broker's ACLs (ADR 0035) an organisation creates only its own topics, the owner the rest; and
          // services starting together race to create the same topics (kafkajs gives up on a batch where only some
          // already exist). Either way: one topic at a time, each made, found made by another, or not ours.
          if (!isAuthorizationError(error) && !isAggregateError(error)) throw error;
          for (const topic of missing) await createOne(admin, spec(topic));
        }
      }
      // Another service may have created some of these a moment ago (its createTopics won, ours found them
      // existing and did not wait): a consumer subscribing before every partition has a leader is refused with
      // UNKNOWN_TOPIC_OR_PARTITION, so wait for the leaders of every topic this organisation may see.
      await waitForLeaders(admin, topics);
    } finally {
      await admin.disconnect();
    }
  }

  async publish(messages: BusMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.getProducer();
    const byTopic = new Map<string, BusMessage[]>();
    for (const m of messages) {
      const topic = this.brokerTopic(m.topic, m.key);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), m]);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers ?? {} })),
      })),
    });
  }

  async subscribe(options: SubscribeOptions, handler: (message: BusMessage) => Promise<void>): Promise<Subscription> {
    const consumer = await this.connectConsumer(options);
    await consumer.run({
      // The offset is committed only after the handler resolves: a throw means the message comes again.
      eachMessage: async ({ topic, message }) => handler(this.toBusMessage(this.appTopic(topic), message)),
    });
    return this.subscription(consumer);
  }

  /**
   * kafkajs `eachBatch` with offsets resolved by hand: a fetched batch (one partition, in log order) is handed over
   * in chunks of at most `maxBatchSize`; a chunk's offsets are resolved and committed only after the handler (the
   * inbox's transaction) has resolved, with a heartbeat between chunks. A throw leaves the chunk unresolved, so
   * kafkajs fetches it again from the last committed offset.
   */
  async subscribeBatch(options: BatchSubscribeOptions, handler: BatchHandler): Promise<Subscription> {
    const maxBatchSize = options.maxBatchSize ?? 1000;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) throw new Error('maxBatchSize must be a positive integer');
    const consumer = await this.connectConsumer(options);
    await consumer.run({
      partitionsConsumedConcurrently: options.partitionsConcurrently ?? 1,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        const topic = this.appTopic(batch.topic);
        for (let i = 0; i < batch.messages.length; i += maxBatchSize) {
          // Stopping, or the partition went to another member in a rebalance: leave the rest unacknowledged.
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(i, i + maxBatchSize);
          await handler(chunk.map((m) => this.toBusMessage(topic, m)));
          resolveOffset(chunk[chunk.length - 1]!.offset);
          await commitOffsetsIfNecessary();
          await heartbeat();
        }
      },
    });
    return this.subscription(consumer);
  }

  private async connectConsumer(options: SubscribeOptions): Promise<Consumer> {
    const consumer = this.kafka.consumer({ groupId: this.brokerTopic(options.groupId), allowAutoTopicCreation: false });
    this.consumers.add(consumer);
    this.membership.set(consumer, 'joining');
    const track = (state: ConsumerMembership) => () => this.membership.set(consumer, state);
    consumer.on(consumer.events.GROUP_JOIN, track('joined'));
    consumer.on(consumer.events.REBALANCING, track('joining'));
    consumer.on(consumer.events.CRASH, track('crashed'));
    consumer.on(consumer.events.STOP, track('stopped'));
    await consumer.connect();
    const topics = options.topics.flatMap((t) => this.brokerTopics(t));
    await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
    return consumer;
  }

  private readonly membership = new WeakMap<Consumer, ConsumerMembership>();

  private subscription(consumer: Consumer): Subscription {
    return {
      membership: () => this.membership.get(consumer) ?? 'stopped',
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  private toBusMessage(topic: string, message: KafkaMessage): BusMessage {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = v.toString();
    return { topic, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', headers };
  }

  /**
   * Consumer lag per application topic: the latest offsets against the group's committed ones, summed over every
   * partition of every broker topic behind it (each council's, when addressed). For the metrics endpoint.
   */
  async consumerLag(groupId: string, topics: string[]): Promise<Map<string, number>> {
    const admin = (this.lagAdmin ??= this.kafka.admin());
    await admin.connect();
    const committed = await admin.fetchOffsets({
      groupId: this.brokerTopic(groupId),
      topics: topics.flatMap((t) => this.brokerTopics(t)),
    });
    const lag = new Map<string, number>();
    for (const { topic, partitions } of committed) {
      const high = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
      const behind = partitions.reduce(
        (sum, p) => sum + Math.max(0, (high.get(p.partition) ?? 0) - Math.max(0, Number(p.offset))),
        0,
      );
      const app = this.appTopic(topic);
      lag.set(app, (lag.get(app) ?? 0) + behind);
    }
    return lag;
  }

  private lagAdmin: Admin | undefined;

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await this.producer?.disconnect();
    this.producer = undefined;
    await this.lagAdmin?.disconnect();
    this.lagAdmin = undefined;
  }

  private async getProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }
}

/** Topics this service needs and may not create are missing: run `rcc kafka-topics` (ADR 0045). */
export class MissingTopicsError extends Error {
  constructor(readonly topics: string[]) {
    super(`Kafka topics missing (run \`rcc kafka-topics\`, the deployment's topic step): ${topics.join(', ')}`);
    this.name = 'MissingTopicsError';
  }
}

/** One topic: made, already there (another service made it), or not this principal's to make; retried when transient. */
async function createOne(
  admin: Admin,
  spec: { topic: string; numPartitions: number; replicationFactor: number },
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.createTopics({ waitForLeaders: false, topics: [spec] });
      return;
    } catch (error) {
      if (isAuthorizationError(error)) return;
      const types = errorTypes(error);
      if (types.length > 0 && types.every((t) => t === 'TOPIC_ALREADY_EXISTS')) return;
      if (attempt >= 5)
        throw new Error(`creating Kafka topic ${spec.topic} failed: ${types.join(', ') || (error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}

function isAggregateError(error: unknown): boolean {
  return Array.isArray((error as { errors?: unknown[] })?.errors);
}

function errorTypes(error: unknown): string[] {
  const e = error as { type?: string; errors?: unknown[] };
  if (Array.isArray(e?.errors)) return e.errors.flatMap(errorTypes);
  return typeof e?.type === 'string' ? [e.type] : [];
}

/** Until every partition of `topics` has a leader (topics this principal may not describe are skipped), at most 60 s. */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = topics;
  while (pending.length > 0) {
    const still: string[] = [];
    for (const topic of pending) {
      try {
        const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
        if (!meta || meta.partitions.length === 0 || meta.partitions.some((p) => p.leader < 0)) still.push(topic);
      } catch (error) {
        if (isAuthorizationError(error)) continue;
        if (!(error as { retriable?: boolean }).retriable) throw error;
        still.push(topic);
      }
    }
    pending = still;
    if (pending.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`Kafka topics without a leader after ${timeoutMs / 1000} s: ${pending.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function isAuthorizationError(error: unknown): boolean {
  const e = error as { type?: string; errors?: unknown[]; message?: string };
  if (typeof e?.type === 'string' && e.type.endsWith('AUTHORIZATION_FAILED')) return true;
  if (Array.isArray(e?.errors)) return e.errors.some(isAuthorizationError);
  return /not authorized|authorization failed/i.test(e?.message ?? '');
}
