// Prints what is on a topic of the real broker, from the beginning, then exits once it has been idle for a while.
// Usage: node infra/kafka/tail.mjs TOPIC [BROKERS] [IDLE_SECONDS]   (or: npm run kafka -- tail rcc.council.need)
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

const [topic, brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', idle = '5'] = process.argv.slice(2);
if (!topic) {
  console.error('usage: tail.mjs TOPIC [BROKERS] [IDLE_SECONDS]');
  process.exit(2);
}
const kafka = new Kafka({ clientId: 'rcc-tail', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: `rcc-tail-${randomUUID()}` });
let last = Date.now();
let count = 0;
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
await consumer.run({
  eachMessage: async ({ partition, message }) => {
    last = Date.now();
    count += 1;
    const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
    console.log(`--- ${topic} partition ${partition} offset ${message.offset} key ${message.key}`);
    if (Object.keys(headers).length > 0) console.log(`headers ${JSON.stringify(headers)}`);
    const value = message.value?.toString() ?? '';
    try {
      console.log(JSON.stringify(JSON.parse(value), null, 2));
    } catch {
      console.log(value);
    }
  },
});
while (Date.now() - last < Number(idle) * 1000) await new Promise((resolve) => setTimeout(resolve, 250));
await consumer.disconnect();
console.log(`${count} message(s) on ${topic}`);
