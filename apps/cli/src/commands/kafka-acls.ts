import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { applyAcls, formatAcl, kafkaConnection, regionAcls } from '@rcc/messaging';
import { KAFKA_ACLS_USAGE } from '../usage.js';

export async function kafkaAclsCommand(argv: string[]): Promise<string[]> {
  const { values } = parseArgs({
    args: argv,
    options: { councils: { type: 'string' }, prefix: { type: 'string' }, apply: { type: 'boolean', default: false } },
    strict: true,
  });
  const councils = (values.councils ?? '').split(',').filter(Boolean);
  if (councils.length === 0 || !councils.every((c) => /^E\d{8}$/.test(c)))
    throw new Error(`--councils must list ONS council codes\n${KAFKA_ACLS_USAGE}`);
  const acls = regionAcls({ councils, prefix: values.prefix });
  if (values.apply) {
    const env = process.env;
    const mechanism = env['KAFKA_SASL_MECHANISM'];
    if (mechanism !== undefined && mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512')
      throw new Error('KAFKA_SASL_MECHANISM must be scram-sha-256 or scram-sha-512');
    const admin = new Kafka({
      clientId: 'rcc-kafka-acls',
      brokers: (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
      logLevel: logLevel.WARN,
      ...kafkaConnection({
        ...(mechanism
          ? {
              sasl: {
                mechanism,
                username: env['KAFKA_SASL_USERNAME'] ?? '',
                password: env['KAFKA_SASL_PASSWORD'] ?? '',
              },
            }
          : {}),
        ...(env['KAFKA_TLS'] === 'true'
          ? { tls: env['KAFKA_TLS_CA_FILE'] ? { caFile: env['KAFKA_TLS_CA_FILE'] } : {} }
          : {}),
      }),
    }).admin();
    await admin.connect();
    try {
      await applyAcls(admin, acls);
    } finally {
      await admin.disconnect();
    }
  }
  return [...acls.map(formatAcl), ...(values.apply ? [`applied ${acls.length} ACLs`] : [])];
}
