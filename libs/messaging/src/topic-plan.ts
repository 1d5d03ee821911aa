import kafkajs, { type Admin } from 'kafkajs';

const { ConfigResourceTypes } = kafkajs;
import { ALL_TOPICS, deadLetterTopic } from '@rcc/contracts';
import { councilTopic, isAddressed } from './addressing.js';

/** How every topic of the region is made (ADR 0045). */
export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
  minInsyncReplicas: number;
  /** How long the broker keeps messages (`retention.ms`). */
  retentionMs: number;
}

export const DEFAULT_TOPIC_SETTINGS: TopicSettings = {
  partitions: 6,
  replicationFactor: 3,
  minInsyncReplicas: 2,
  retentionMs: 7 * 24 * 3_600_000,
};

export type TopicAction =
  | { topic: string; action: 'create' }
  | { topic: string; action: 'add-partitions'; from: number }
  | { topic: string; action: 'update-config'; changes: Record<string, { from: string | undefined; to: string }> }
  | { topic: string; action: 'ok' };

/**
 * Every broker topic of a region: each application topic and its dead letters, an addressed one once per council
 * (ADR 0035), under the deployment's prefix.
 */
export function regionTopics(options: { councils: string[]; prefix?: string }): string[] {
  const prefix = options.prefix ?? '';
  const application = [...ALL_TOPICS, ...ALL_TOPICS.map(deadLetterTopic)];
  return application.flatMap((t) =>
    isAddressed(t) ? options.councils.map((c) => `${prefix}${councilTopic(t, c)}`) : [`${prefix}${t}`],
  );
}

function wantedConfig(settings: TopicSettings): Record<string, string> {
  return { 'min.insync.replicas': String(settings.minInsyncReplicas), 'retention.ms': String(settings.retentionMs) };
}

/** What to do so the broker's topics match the settings. Partitions only grow (fewer would reorder keys). */
export async function planTopics(admin: Admin, topics: string[], settings: TopicSettings): Promise<TopicAction[]> {
  checkSettings(settings);
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((t) => existing.has(t));
  const partitions = new Map<string, number>();
  if (present.length > 0) {
    for (const t of (await admin.fetchTopicMetadata({ topics: present })).topics)
      partitions.set(t.name, t.partitions.length);
  }
  const configs = new Map<string, Map<string, string>>();
  if (present.length > 0) {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: present.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: Object.keys(wantedConfig(settings)),
      })),
    });
    for (const r of described.resources)
      configs.set(r.resourceName, new Map(r.configEntries.map((e) => [e.configName, e.configValue])));
  }
  const wanted = wantedConfig(settings);
  return topics.map((topic): TopicAction => {
    if (!existing.has(topic)) return { topic, action: 'create' };
    const have = partitions.get(topic) ?? 0;
    if (have < settings.partitions) return { topic, action: 'add-partitions', from: have };
    const current = configs.get(topic) ?? new Map<string, string>();
    const changes: Record<string, { from: string | undefined; to: string }> = {};
    for (const [name, value] of Object.entries(wanted))
      if (current.get(name) !== value) changes[name] = { from: current.get(name), to: value };
    return Object.keys(changes).length > 0 ? { topic, action: 'update-config', changes } : { topic, action: 'ok' };
  });
}

/** Carries out a plan; a topic that needs partitions and config gets both (the plan is made again after). */
export async function applyTopicPlan(admin: Admin, plan: TopicAction[], settings: TopicSettings): Promise<void> {
  const config = Object.entries(wantedConfig(settings)).map(([name, value]) => ({ name, value }));
  const create = plan.filter((a) => a.action === 'create').map((a) => a.topic);
  if (create.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: create.map((topic) => ({
        topic,
        numPartitions: settings.partitions,
        replicationFactor: settings.replicationFactor,
        configEntries: config,
      })),
    });
  }
  const grow = plan.filter((a) => a.action === 'add-partitions').map((a) => a.topic);
  if (grow.length > 0)
    await admin.createPartitions({ topicPartitions: grow.map((topic) => ({ topic, count: settings.partitions })) });
  const alter = plan.filter((a) => a.action === 'update-config' || a.action === 'add-partitions').map((a) => a.topic);
  if (alter.length > 0) {
    await admin.alterConfigs({
      validateOnly: false,
      resources: alter.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configEntries: config })),
    });
  }
}

/** One line per topic, for `--check` and the command's output. */
export function formatTopicAction(a: TopicAction, settings: TopicSettings): string {
  switch (a.action) {
    case 'create':
      return `create ${a.topic} partitions=${settings.partitions} replication=${settings.replicationFactor} min.insync.replicas=${settings.minInsyncReplicas} retention.ms=${settings.retentionMs}`;
    case 'add-partitions':
      return `add-partitions ${a.topic} ${a.from} -> ${settings.partitions}`;
    case 'update-config':
      return `update-config ${a.topic} ${Object.entries(a.changes)
        .map(([k, v]) => `${k}=${v.from ?? '(default)'} -> ${v.to}`)
        .join(' ')}`;
    case 'ok':
      return `ok ${a.topic}`;
  }
}

function checkSettings(s: TopicSettings): void {
  const problems: string[] = [];
  if (!Number.isInteger(s.partitions) || s.partitions < 1) problems.push('partitions must be a whole number >= 1');
  if (!Number.isInteger(s.replicationFactor) || s.replicationFactor < 1)
    problems.push('replication must be a whole number >= 1');
  if (!Number.isInteger(s.minInsyncReplicas) || s.minInsyncReplicas < 1)
    problems.push('min.insync.replicas must be a whole number >= 1');
  else if (s.minInsyncReplicas > s.replicationFactor)
    problems.push(`min.insync.replicas (${s.minInsyncReplicas}) cannot exceed replication (${s.replicationFactor})`);
  if (!Number.isInteger(s.retentionMs) || (s.retentionMs < 60_000 && s.retentionMs !== -1))
    problems.push('retention must be at least one minute (or -1: forever)');
  if (problems.length > 0) throw new Error(`Kafka topic settings: ${problems.join('; ')}`);
}
