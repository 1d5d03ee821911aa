import type {
  BatchHandler,
  BatchSubscribeOptions,
  BusMessage,
  EventBus,
  SubscribeOptions,
  Subscription,
} from './event-bus.js';

interface Group {
  topics: Set<string>;
  handler: BatchHandler;
  maxBatchSize: number;
  queue: BusMessage[];
  running: boolean;
  stopped: boolean;
}

/**
 * The embedded-mode bus: every service in one process shares it (see `InProcessEventBus.shared()`). It keeps each
 * topic's log for the process lifetime so a late subscriber reads from the beginning, delivers to each consumer
 * group in publish order and retries a failing handler with back-off, like a Kafka consumer that does not commit.
 * A batch subscriber gets the messages waiting for it, up to its batch size, from one topic at a time (the shape a
 * Kafka batch has); a failed batch is retried whole.
 */
export class InProcessEventBus implements EventBus {
  readonly kind = 'in-process' as const;
  private static instance: InProcessEventBus | undefined;
  private readonly log = new Map<string, BusMessage[]>();
  private readonly groups = new Map<string, Group>();

  constructor(private readonly retryDelayMs = 250) {}

  /** One bus per process, shared by every service booted in it. */
  static shared(): InProcessEventBus {
    InProcessEventBus.instance ??= new InProcessEventBus();
    return InProcessEventBus.instance;
  }

  async ensureTopics(topics: string[]): Promise<void> {
    for (const topic of topics) if (!this.log.has(topic)) this.log.set(topic, []);
  }

  async publish(messages: BusMessage[]): Promise<void> {
    for (const message of messages) {
      const copy = { ...message, headers: { ...message.headers } };
      const topicLog = this.log.get(message.topic);
      if (!topicLog) throw new Error(`unknown topic ${message.topic}`);
      topicLog.push(copy);
      for (const group of this.groups.values()) {
        if (group.topics.has(message.topic) && !group.stopped) group.queue.push(copy);
      }
    }
    for (const group of this.groups.values()) void this.drain(group);
  }

  async subscribe(options: SubscribeOptions, handler: (message: BusMessage) => Promise<void>): Promise<Subscription> {
    return this.subscribeBatch({ ...options, maxBatchSize: 1 }, async (messages) => {
      for (const message of messages) await handler(message);
    });
  }

  async subscribeBatch(options: BatchSubscribeOptions, handler: BatchHandler): Promise<Subscription> {
    if (this.groups.has(options.groupId)) throw new Error(`consumer group ${options.groupId} is already subscribed`);
    const maxBatchSize = options.maxBatchSize ?? 1000;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) throw new Error('maxBatchSize must be a positive integer');
    const group: Group = {
      topics: new Set(options.topics),
      handler,
      maxBatchSize,
      queue: [],
      running: false,
      stopped: false,
    };
    if (options.fromBeginning ?? true) {
      for (const topic of options.topics) group.queue.push(...(this.log.get(topic) ?? []));
    }
    this.groups.set(options.groupId, group);
    void this.drain(group);
    return {
      stop: async () => {
        group.stopped = true;
        this.groups.delete(options.groupId);
      },
    };
  }

  /** Messages waiting for a group (tests and the embedded status page). */
  pending(groupId: string): number {
    return this.groups.get(groupId)?.queue.length ?? 0;
  }

  async close(): Promise<void> {
    for (const group of this.groups.values()) group.stopped = true;
    this.groups.clear();
  }

  private async drain(group: Group): Promise<void> {
    if (group.running) return;
    group.running = true;
    try {
      while (!group.stopped && group.queue.length > 0) {
        const topic = group.queue[0]!.topic;
        let n = 1;
        while (n < group.maxBatchSize && n < group.queue.length && group.queue[n]!.topic === topic) n += 1;
        try {
          await group.handler(group.queue.slice(0, n));
          group.queue.splice(0, n);
        } catch {
          await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
        }
      }
    } finally {
      group.running = false;
    }
  }
}
