import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { logLevel, type Admin } from 'kafkajs';
import { ALL_TOPICS, TOPICS } from '@rcc/contracts';
import { KafkaEventBus, MissingTopicsError, regionTopics } from '@rcc/messaging';
import { KAFKA_BROKERS, waitFor, testKafka } from '@rcc/testing';
import { kafkaTopicsCommand } from './commands/kafka-topics.js';

/** Topics as code (ADR 0045) against the real broker, under a prefix of this run's own. */
describe('rcc kafka-topics', () => {
  const prefix = `kt${randomUUID().slice(0, 8)}.`;
  const env = { KAFKA_BROKERS, RCC_REGION_COUNCILS: 'E10000028,E06000021', KAFKA_TOPIC_PREFIX: prefix };
  const single = ['--replication', '1', '--min-insync-replicas', '1'];
  let admin: Admin;

  const config = async (topic: string) => {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: topic, configNames: ['retention.ms', 'min.insync.replicas'] }],
    });
    return Object.fromEntries(resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
  };
  const partitions = async (topic: string) =>
    (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length;

  beforeAll(async () => {
    admin = testKafka('rcc-test-topics', { logLevel: logLevel.WARN }).admin();
    await admin.connect();
  });

  afterAll(async () => {
    const ours = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
    await admin.disconnect();
  });

  it('--check plans every topic (addressed ones per council) and changes nothing', async () => {
    const lines = await kafkaTopicsCommand([...single, '--check'], env);
    // Each topic and its .dlt; an addressed one (ADR 0035) once per council.
    const expected = regionTopics({ councils: ['E10000028', 'E06000021'], prefix }).length;
    expect(expected).toBeGreaterThan(2 * ALL_TOPICS.length);
    expect(lines.at(-1)).toBe(`check: ${expected} of ${expected} topics would change (nothing done)`);
    expect(lines).toContain(
      `create ${prefix}${TOPICS.registryReferralResponse}.e10000028 partitions=6 replication=1 min.insync.replicas=1 retention.ms=604800000`,
    );
    expect((await admin.listTopics()).filter((t) => t.startsWith(prefix))).toEqual([]);
  });

  it('creates them with the settings, then finds nothing to do', async () => {
    const lines = await kafkaTopicsCommand([...single, '--partitions', '2', '--retention-hours', '48'], env);
    expect(lines.at(-1)).toMatch(/^applied: (\d+) of \1 topics changed$/);
    const topic = `${prefix}${TOPICS.registrySetting}`;
    expect(await partitions(topic)).toBe(2);
    expect(await config(topic)).toEqual({ 'retention.ms': String(48 * 3_600_000), 'min.insync.replicas': '1' });
    const again = await kafkaTopicsCommand([...single, '--partitions', '2', '--retention-hours', '48', '--check'], env);
    expect(again.at(-1)).toMatch(/^check: 0 of \d+ topics would change/);
  });

  it('grows partitions and updates retention, never shrinks', async () => {
    const topic = `${prefix}${TOPICS.registrySetting}`;
    const plan = await kafkaTopicsCommand([...single, '--partitions', '3', '--retention-hours', '72', '--check'], env);
    expect(plan).toContain(`add-partitions ${topic} 2 -> 3`);
    await kafkaTopicsCommand([...single, '--partitions', '3', '--retention-hours', '72'], env);
    // The broker's metadata catches up with the new partitions a moment later.
    await waitFor(async () => ((await partitions(topic)) === 3 ? true : undefined), 'the third partition');
    const retention = String(72 * 3_600_000);
    await waitFor(
      async () => ((await config(topic))['retention.ms'] === retention ? true : undefined),
      'the retention',
    );
    const fewer = await kafkaTopicsCommand([...single, '--partitions', '1', '--retention-hours', '72', '--check'], env);
    expect(fewer.at(-1)).toMatch(/^check: 0 of/);
  });

  it('refuses bad settings in plain words', async () => {
    await expect(kafkaTopicsCommand(['--replication', '1', '--min-insync-replicas', '2'], env)).rejects.toThrow(
      /min.insync.replicas \(2\) cannot exceed replication \(1\)/,
    );
    await expect(kafkaTopicsCommand([...single, '--partitions', 'six'], env)).rejects.toThrow(
      /--partitions must be a whole number, not "six"/,
    );
    await expect(kafkaTopicsCommand(single, { ...env, RCC_REGION_COUNCILS: '' })).rejects.toThrow(/--councils/);
  });

  it('a service that may not create topics names the missing ones instead', async () => {
    const bus = new KafkaEventBus({
      brokers: KAFKA_BROKERS.split(','),
      clientId: 'rcc-test-topics-bus',
      topicPrefix: `${prefix}missing.`,
      createTopics: false,
    });
    try {
      const error = await bus.ensureTopics([TOPICS.councilNeed]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MissingTopicsError);
      expect((error as Error).message).toContain(`rcc kafka-topics`);
      expect((error as MissingTopicsError).topics).toEqual([`${prefix}missing.${TOPICS.councilNeed}`]);
      expect((await admin.listTopics()).filter((t) => t.startsWith(`${prefix}missing.`))).toEqual([]);
    } finally {
      await bus.close();
    }
  });
});
