import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ALL_TOPICS, deadLetterTopic } from '@rcc/contracts';
import { InboxConsumer, OutboxRelay, type EventBus } from '@rcc/messaging';
import { EVENT_BUS } from './tokens.js';

/** Creates topics, starts the outbox relay and the inbox consumer after boot; stops them before shutdown. */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly relay: OutboxRelay,
    @Optional() private readonly consumer?: InboxConsumer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([...ALL_TOPICS, ...ALL_TOPICS.map(deadLetterTopic)]);
    this.relay.start();
    await this.consumer?.start();
    this.logger.log(
      `bus ${this.bus.kind}: relay started${this.consumer ? `, consuming ${this.consumer.topics.join(', ')}` : ''}`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.relay.stop();
    if (this.bus.kind === 'kafka') await this.bus.close();
  }
}
