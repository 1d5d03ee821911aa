import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { KafkaEventBus, OutboxRelay } from '@rcc/messaging';

/**
 * The outbox relay alone in a process, for fault tests and the events benchmark (started by RelayProcess):
 * DATABASE_URL, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, optional RELAY_BATCH_SIZE and RELAY_INTERVAL_MS.
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const dataSource = new DataSource({ type: 'postgres', url: env('DATABASE_URL'), poolSize: 2 });
await dataSource.initialize();
const bus = new KafkaEventBus({
  brokers: env('KAFKA_BROKERS').split(','),
  clientId: 'rcc-fault-relay',
  topicPrefix: env('KAFKA_TOPIC_PREFIX'),
});
let errors = 0;
const relay = new OutboxRelay(dataSource, bus, {
  ...(process.env['RELAY_BATCH_SIZE'] ? { batchSize: Number(process.env['RELAY_BATCH_SIZE']) } : {}),
  intervalMs: Number(process.env['RELAY_INTERVAL_MS'] ?? 20),
  onError: (error) => {
    errors += 1;
    if (errors <= 20 || errors % 50 === 0) console.error(`relay: pass failed (${errors}): ${(error as Error).message}`);
  },
});
relay.start();
process.stdout.write('relay: running\n');

const shutdown = async () => {
  await relay.stop();
  await bus.close();
  await dataSource.destroy();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
