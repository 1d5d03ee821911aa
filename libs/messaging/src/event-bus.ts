/** A message as it travels on the bus: the key keeps order, the value is the serialised envelope. */
export interface BusMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface Subscription {
  stop(): Promise<void>;
  /**
   * The consumer's group membership, for readiness: `joined` once the broker assigned it partitions, `joining` before
   * that and while rebalancing, `crashed` or `stopped` when it will consume nothing more. Absent: always consuming.
   */
  membership?(): ConsumerMembership;
}

export type ConsumerMembership = 'joining' | 'joined' | 'crashed' | 'stopped';

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  /** Start from the earliest retained message when the group has no committed position. Default true. */
  fromBeginning?: boolean;
}

export interface BatchSubscribeOptions extends SubscribeOptions {
  /** At most this many messages per handler call (a fetched batch is split into chunks). Default 1000. */
  maxBatchSize?: number;
  /**
   * Partitions handled at once (kafkajs `partitionsConsumedConcurrently`; default 1). Order per key holds (a key lives
   * in one partition); only for handlers whose effects for different keys cannot conflict (ADR 0047).
   */
  partitionsConcurrently?: number;
}

/**
 * A handler of message batches. Every message of one call comes from the same topic and partition (so from keys that
 * share an order), in log order. The batch is acknowledged only when the handler resolves; if it throws, none of it
 * is, and the same messages come again (possibly in a batch of another size).
 */
export type BatchHandler = (messages: BusMessage[]) => Promise<void>;

/**
 * The port every service talks to. Delivery is at least once, in order per key; a handler that throws is retried
 * (its message is not acknowledged), so handlers must be idempotent: the inbox makes them so.
 */
export interface EventBus {
  readonly kind: 'kafka' | 'in-process';
  ensureTopics(topics: string[]): Promise<void>;
  publish(messages: BusMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions, handler: (message: BusMessage) => Promise<void>): Promise<Subscription>;
  /** Like `subscribe`, a batch at a time: the inbox commits one transaction per batch. */
  subscribeBatch(options: BatchSubscribeOptions, handler: BatchHandler): Promise<Subscription>;
  close(): Promise<void>;
}
