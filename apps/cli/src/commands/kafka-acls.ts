import { parseArgs } from 'node:util';
import { applyAcls, formatAcl, regionAcls } from '@rcc/messaging';
import { KAFKA_ACLS_USAGE } from '../usage.js';
import { kafkaAdminFromEnv } from './kafka-admin.js';

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
    const admin = await kafkaAdminFromEnv('rcc-kafka-acls');
    try {
      await applyAcls(admin, acls);
    } finally {
      await admin.disconnect();
    }
  }
  return [...acls.map(formatAcl), ...(values.apply ? [`applied ${acls.length} ACLs`] : [])];
}
