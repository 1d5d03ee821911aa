import { Kafka, logLevel, type Admin } from 'kafkajs';
import { kafkaConnection } from '@rcc/messaging';

/**
 * A Kafka admin client from the environment the services read: KAFKA_BROKERS, KAFKA_SASL_MECHANISM/_USERNAME/_PASSWORD
 * and KAFKA_TLS/KAFKA_TLS_CA_FILE. Connected; the caller disconnects.
 */
export async function kafkaAdminFromEnv(clientId: string, env = process.env): Promise<Admin> {
  const mechanism = env['KAFKA_SASL_MECHANISM'];
  if (mechanism !== undefined && mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512')
    throw new Error('KAFKA_SASL_MECHANISM must be scram-sha-256 or scram-sha-512');
  const admin = new Kafka({
    clientId,
    brokers: (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.WARN,
    ...kafkaConnection({
      ...(mechanism
        ? {
            sasl: { mechanism, username: env['KAFKA_SASL_USERNAME'] ?? '', password: env['KAFKA_SASL_PASSWORD'] ?? '' },
          }
        : {}),
      ...(env['KAFKA_TLS'] === 'true'
        ? { tls: env['KAFKA_TLS_CA_FILE'] ? { caFile: env['KAFKA_TLS_CA_FILE'] } : {} }
        : {}),
    }),
  }).admin();
  await admin.connect();
  return admin;
}
