import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ALL_TOPICS, deadLetterTopic } from '@rcc/contracts';
import { InboxConsumer, MessagingRetention, MissingTopicsError, OutboxRelay, type EventBus } from '@rcc/messaging';
import type { ServiceConfig } from './config.js';
import { EVENT_BUS, SERVICE_CONFIG } from './tokens.js';

/** How often a service that may not create topics looks again for the missing ones. */
const TOPIC_RECHECK_MS = 5_000;

/**
 * Creates (or, in production, checks) topics, starts the outbox relay, the inbox consumer and the messaging tables'
 * retention sweep after boot; stops them before shutdown. A service that may not create topics (ADR 0045) and finds
 * some missing keeps running, unready (`missingTopics`), and starts consuming once `rcc kafka-topics` has made them.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  private readonly retention: MessagingRetention;
  private recheck: NodeJS.Timeout | undefined;
  private stopping = false;
  /** Broker topics found missing at the last check (empty once all exist), for readiness. */
  missingTopics: string[] = [];

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly relay: OutboxRelay,
    @Inject(getDataSourceToken()) dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Optional() private readonly consumer?: InboxConsumer,
  ) {
    this.retention = new MessagingRetention(dataSource, {
      outboxRetentionHours: config.RCC_OUTBOX_RETENTION_HOURS,
      inboxRetentionHours: config.RCC_INBOX_RETENTION_HOURS,
      onError: (e) => this.logger.warn(`messaging retention: ${(e as Error).message}`),
      onSwept: ({ outbox, inbox }) => {
        if (outbox + inbox > 0) this.logger.log(`retention deleted ${outbox} outbox and ${inbox} inbox rows`);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.retention.start();
    await this.startConsuming();
  }

  private async startConsuming(): Promise<void> {
    try {
      await this.bus.ensureTopics([...ALL_TOPICS, ...ALL_TOPICS.map(deadLetterTopic)]);
    } catch (error) {
      if (!(error instanceof MissingTopicsError)) throw error;
      this.missingTopics = error.topics;
      this.logger.error(error.message);
      if (!this.stopping) this.recheck = setTimeout(() => void this.startConsuming().catch(() => {}), TOPIC_RECHECK_MS);
      return;
    }
    this.missingTopics = [];
    this.relay.start();
    await this.consumer?.start();
    this.logger.log(
      `bus ${this.bus.kind}: relay started${this.consumer ? `, consuming ${this.consumer.topics.join(', ')}` : ''}`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.recheck) clearTimeout(this.recheck);
    await this.retention.stop();
    await this.consumer?.stop();
    await this.relay.stop();
    if (this.bus.kind === 'kafka') await this.bus.close();
  }
}
