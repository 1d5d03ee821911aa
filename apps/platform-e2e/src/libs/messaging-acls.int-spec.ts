import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { TOPICS } from '@rcc/contracts';
import { startSecureBroker, waitFor, type SecureBroker } from '@rcc/testing';
import { applyAcls, councilPrincipalName, councilTopic, formatAcl, regionAcls } from '@rcc/messaging';

/**
 * Confidentiality enforced by the broker itself (ADR 0035): a real Kafka broker of this test's own with SASL/SCRAM
 * and the KRaft StandardAuthorizer, a principal per organisation, and the region's ACLs from `regionAcls`. Council B's
 * principal cannot read the offers addressed to council A, nor write A's need topic; each can use its own.
 */
const A = 'E10000028';
const B = 'E06000021';
const users = {
  admin: 'admin-secret-for-this-test',
  hub: 'hub-secret-for-this-test',
  [councilPrincipalName(A)]: 'a-secret-for-this-test',
  [councilPrincipalName(B)]: 'b-secret-for-this-test',
};
const offersToA = councilTopic(TOPICS.registryReferralResponse, A);
const offersToB = councilTopic(TOPICS.registryReferralResponse, B);
const needOfA = councilTopic(TOPICS.councilNeed, A);
const needOfB = councilTopic(TOPICS.councilNeed, B);

describe('the broker refuses what the region ACLs do not allow', () => {
  let broker: SecureBroker;
  const client = (user: string) =>
    new Kafka({
      clientId: `acl-test-${user}`,
      brokers: [broker.brokers],
      sasl: broker.sasl(user),
      logLevel: logLevel.NOTHING,
      retry: { retries: 1, initialRetryTime: 100 },
    });
  const consumers: Consumer[] = [];

  /** Reads a topic as `user` in that user's own group: the messages, or the broker's refusal. */
  const readAs = async (user: string, group: string, topic: string) => {
    const consumer = client(user).consumer({ groupId: group, allowAutoTopicCreation: false });
    consumers.push(consumer);
    const seen: string[] = [];
    let refused: string | undefined;
    consumer.on(consumer.events.CRASH, (e) => {
      refused = String((e.payload.error as Error).message);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(message.value!.toString());
        },
      });
    } catch (error) {
      refused = (error as Error).message;
    }
    return { seen, refused: () => refused, stop: () => consumer.disconnect() };
  };
  const writeAs = async (user: string, topic: string, value: string) => {
    const producer = client(user).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }] });
      return 'written';
    } catch (error) {
      return `refused: ${(error as Error).message}`;
    } finally {
      await producer.disconnect();
    }
  };

  beforeAll(async () => {
    broker = await startSecureBroker(users);
    const admin = client('admin').admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [offersToA, offersToB, needOfA, needOfB].map((topic) => ({
          topic,
          numPartitions: 1,
          replicationFactor: 1,
        })),
      });
      await applyAcls(admin, regionAcls({ councils: [A, B] }));
    } finally {
      await admin.disconnect();
    }
  });

  afterAll(async () => {
    for (const c of consumers) await c.disconnect().catch(() => undefined);
    await broker?.stop();
  });

  it('lists the ACLs as code: a council writes its own topics and reads only what is addressed to it', () => {
    const lines = regionAcls({ councils: [A, B] }).map(formatAcl);
    expect(lines).toEqual(
      expect.arrayContaining([
        `User:council-e10000028 WRITE topic ${needOfA}`,
        `User:council-e10000028 READ topic ${offersToA}`,
        `User:council-e06000021 READ topic ${offersToB}`,
        'User:hub READ topic rcc.council.*',
        'User:hub WRITE topic rcc.registry.*',
      ]),
    );
    expect(lines.filter((l) => l.startsWith('User:council-e06000021') && l.includes('e10000028'))).toEqual([]);
  });

  it("refuses council B writing A's need topic, and lets each council write its own", async () => {
    expect(await writeAs(councilPrincipalName(B), needOfA, 'B pretending to be A')).toMatch(
      /^refused: .*(authoriz|Not authorized)/i,
    );
    expect(await writeAs(councilPrincipalName(B), needOfB, 'B on its own topic')).toBe('written');
    expect(await writeAs(councilPrincipalName(A), needOfA, 'A on its own topic')).toBe('written');
  });

  it('refuses council B reading the offers addressed to A, while A reads them', async () => {
    expect(await writeAs('hub', offersToA, 'an offer to A')).toBe('written');
    expect(await writeAs('hub', offersToB, 'an offer to B')).toBe('written');
    const aReads = await readAs(councilPrincipalName(A), `rcc.council.${A}`, offersToA);
    await waitFor(async () => aReads.seen.includes('an offer to A'), 'A to read its own offers', 60_000);
    const bReadsOwn = await readAs(councilPrincipalName(B), `rcc.council.${B}`, offersToB);
    await waitFor(async () => bReadsOwn.seen.includes('an offer to B'), 'B to read its own offers', 60_000);
    expect(bReadsOwn.refused()).toBeUndefined();
    await bReadsOwn.stop();

    // B's principal, in B's own consumer group, on the topic addressed to A: refused by the broker.
    const bSnoops = await readAs(councilPrincipalName(B), `rcc.council.${B}`, offersToA);
    expect(await waitFor(async () => bSnoops.refused(), "the broker's refusal", 60_000)).toMatch(
      /authoriz|Not authorized/i,
    );
    expect(bSnoops.seen).toEqual([]);
  });
});
