/** A message as it travels on the bus: the key keeps order, the value is the serialised envelope. */
export interface BusMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  /** Start from the earliest retained message when the group has no committed position. Default true. */
  fromBeginning?: boolean;
}

/**
 * The port every service talks to. Delivery is at least once, in order per key; a handler that throws is retried
 * (its message is not acknowledged), so handlers must be idempotent: the inbox makes them so.
 */
export interface EventBus {
  readonly kind: 'kafka' | 'in-process';
  ensureTopics(topics: string[]): Promise<void>;
  publish(messages: BusMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions, handler: (message: BusMessage) => Promise<void>): Promise<Subscription>;
  close(): Promise<void>;
}
