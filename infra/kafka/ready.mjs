// Waits until the broker serves metadata (the port opens earlier). Usage: node ready.mjs HOST:PORT SECONDS
import { Kafka, logLevel } from 'kafkajs';

const [broker = '127.0.0.1:9092', seconds = '60'] = process.argv.slice(2);
const deadline = Date.now() + Math.max(5, Number(seconds)) * 1000;
const kafka = new Kafka({
  clientId: 'rcc-kafka-ready',
  brokers: [broker],
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
