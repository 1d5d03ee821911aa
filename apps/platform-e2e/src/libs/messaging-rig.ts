import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { deadLetterTopic, TOPICS, type EventEnvelope, type NeedSnapshotV1 } from '@rcc/contracts';
import {
  KafkaEventBus,
  type EventBus,
  type InboxConsumer,
  type KafkaBusOptions,
  type OutboxRelay,
} from '@rcc/messaging';
import { KAFKA_BROKERS, type TestDatabase } from '@rcc/testing';

/**
 * What the messaging integration tests stand up around the library: a migrated database, a bus, the outbox relay and
 * an inbox consumer. Each test file builds its own; this is how they all build the common parts and tear them down.
 */
export interface MessagingRig {
  db?: TestDatabase;
  dataSource?: DataSource;
  bus?: EventBus;
  relay?: OutboxRelay;
  consumer?: InboxConsumer;
}

/** A bus on the real broker under a fresh topic prefix, with the need topic and its dead-letter topic created. */
export async function needTopicBus(
  clientId: string,
  topicPrefix: string,
  options: Partial<KafkaBusOptions> = {},
): Promise<KafkaEventBus> {
  const bus = realBus(clientId, topicPrefix, options);
  await bus.ensureTopics([TOPICS.councilNeed, deadLetterTopic(TOPICS.councilNeed)]);
  return bus;
}

/** A bus on the real broker under a fresh topic prefix (`<topicPrefix><8 random characters>.`). */
export const realBus = (clientId: string, topicPrefix: string, options: Partial<KafkaBusOptions> = {}) =>
  new KafkaEventBus({
    brokers: KAFKA_BROKERS.split(','),
    clientId: `${clientId}-${randomUUID()}`,
    topicPrefix: `${topicPrefix}${randomUUID().slice(0, 8)}.`,
    ...options,
  });

/** The effect the tests' handlers leave: one row per event applied, written in the handler's transaction. */
export const createEffectTable = (dataSource: DataSource) =>
  dataSource.query(`CREATE TABLE effect (id serial PRIMARY KEY, event_id uuid NOT NULL, council text, total int)`);

export const recordEffect = (em: EntityManager, envelope: EventEnvelope<NeedSnapshotV1>) =>
  em.query(`INSERT INTO effect (event_id, council, total) VALUES ($1, $2, $3)`, [
    envelope.id,
    envelope.payload.councilCode,
    envelope.payload.total,
  ]);

/** Stops what was started, consumer first and database last; what a failed set-up never started is skipped. */
export async function tearDown(rig: MessagingRig): Promise<void> {
  await rig.consumer?.stop();
  await rig.relay?.stop();
  await rig.bus?.close();
  await rig.dataSource?.destroy();
  await rig.db?.drop();
}
