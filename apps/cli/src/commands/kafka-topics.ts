import { parseArgs } from 'node:util';
import {
  applyTopicPlan,
  DEFAULT_TOPIC_SETTINGS,
  formatTopicAction,
  planTopics,
  regionTopics,
  type TopicSettings,
} from '@rcc/messaging';
import { KAFKA_TOPICS_USAGE } from '../usage.js';
import { kafkaAdminFromEnv } from './kafka-admin.js';

/** A whole number from a flag, else the environment, else the default; anything else is refused by name. */
function whole(name: string, flag: string | undefined, env: string | undefined, fallback: number): number {
  const raw = flag ?? env;
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw new Error(`${name} must be a whole number, not "${raw}"\n${KAFKA_TOPICS_USAGE}`);
  return Number(raw);
}

/** Topics as code (ADR 0045): makes the broker's topics match the settings, or with --check prints what it would do. */
export async function kafkaTopicsCommand(argv: string[], env = process.env): Promise<string[]> {
  const { values } = parseArgs({
    args: argv,
    options: {
      councils: { type: 'string' },
      prefix: { type: 'string' },
      partitions: { type: 'string' },
      replication: { type: 'string' },
      'min-insync-replicas': { type: 'string' },
      'retention-hours': { type: 'string' },
      check: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const councils = (values.councils ?? env['RCC_REGION_COUNCILS'] ?? '').split(',').filter(Boolean);
  if (councils.length === 0 || !councils.every((c) => /^E\d{8}$/.test(c)))
    throw new Error(`--councils (or RCC_REGION_COUNCILS) must list ONS council codes\n${KAFKA_TOPICS_USAGE}`);
  const prefix = values.prefix ?? env['KAFKA_TOPIC_PREFIX'] ?? '';
  if (prefix !== '' && !/^[a-z0-9][a-z0-9._-]{0,60}\.$/.test(prefix))
    throw new Error('--prefix (KAFKA_TOPIC_PREFIX) must be lower-case letters, digits, . _ - and end with "."');
  const retentionHours = whole(
    '--retention-hours',
    values['retention-hours'],
    env['RCC_KAFKA_RETENTION_HOURS'],
    DEFAULT_TOPIC_SETTINGS.retentionMs / 3_600_000,
  );
  const settings: TopicSettings = {
    partitions: whole(
      '--partitions',
      values.partitions,
      env['RCC_KAFKA_PARTITIONS'],
      DEFAULT_TOPIC_SETTINGS.partitions,
    ),
    replicationFactor: whole(
      '--replication',
      values.replication,
      env['RCC_KAFKA_REPLICATION'],
      DEFAULT_TOPIC_SETTINGS.replicationFactor,
    ),
    minInsyncReplicas: whole(
      '--min-insync-replicas',
      values['min-insync-replicas'],
      env['RCC_KAFKA_MIN_INSYNC_REPLICAS'],
      DEFAULT_TOPIC_SETTINGS.minInsyncReplicas,
    ),
    retentionMs: retentionHours === -1 ? -1 : retentionHours * 3_600_000,
  };
  const topics = regionTopics({ councils, prefix });
  const admin = await kafkaAdminFromEnv('rcc-kafka-topics', env);
  try {
    const plan = await planTopics(admin, topics, settings);
    const lines = plan.map((a) => formatTopicAction(a, settings));
    const changes = plan.filter((a) => a.action !== 'ok').length;
    if (values.check) return [...lines, `check: ${changes} of ${plan.length} topics would change (nothing done)`];
    if (changes > 0) await applyTopicPlan(admin, plan, settings);
    return [...lines, `applied: ${changes} of ${plan.length} topics changed`];
  } finally {
    await admin.disconnect();
  }
}
