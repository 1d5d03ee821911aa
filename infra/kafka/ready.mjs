// Waits until the broker serves metadata (the port opens earlier). Usage: node ready.mjs HOST:PORT SECONDS
import { Kafka, logLevel } from 'kafkajs';

const [broker = '127.0.0.1:9092', seconds = '60'] = process.argv.slice(2);
const deadline = Date.now() + Math.max(5, Number(seconds)) * 1000;
// A secured broker (KAFKA_SECURE=1): ask as its super user, the first of KAFKA_SCRAM_USERS.
const [user, ...password] = (process.env['KAFKA_SCRAM_USERS'] ?? '').split(',')[0].split('=');
const sasl =
  process.env['KAFKA_SECURE'] === '1'
    ? { mechanism: 'scram-sha-512', username: user, password: password.join('=') }
    : undefined;
const kafka = new Kafka({
  clientId: 'rcc-kafka-ready',
  brokers: [broker],
  ...(sasl ? { sasl } : {}),
  logLevel: logLevel.NOTHING,
  retry: { retries: 0 },
});

for (;;) {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.disconnect();
    if (cluster.brokers.length > 0 && cluster.controller !== null) process.exit(0);
  } catch {
    await admin.disconnect().catch(() => undefined);
  }
  if (Date.now() > deadline) process.exit(1);
  await new Promise((resolve) => setTimeout(resolve, 500));
}
