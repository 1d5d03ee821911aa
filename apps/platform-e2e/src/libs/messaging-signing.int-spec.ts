import { randomUUID, sign as edSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, type EntityManager } from 'typeorm';
import { generateSigningKey, jwksOf } from '@rcc/auth';
import {
  createEnvelope,
  deadLetterTopic,
  NeedSnapshotV1Event,
  TOPICS,
  type EventEnvelope,
  type NeedSnapshotV1,
} from '@rcc/contracts';
import { waitFor, type TestDatabase, migratedDataSource } from '@rcc/testing';
import {
  type BusMessage,
  enqueueEvent,
  type EventHandler,
  EventSigner,
  EventVerifier,
  InboxConsumer,
  type KafkaEventBus,
  KEY_ID_HEADER,
  MessagingTables1763769600000,
  OutboxTraceHeaders1796538264000,
  OutboxRelay,
  parseKeyRegistry,
  SIGNATURE_HEADER,
  SIGNER_HEADER,
} from '@rcc/messaging';
import { createEffectTable, needTopicBus, recordEffect, tearDown } from './messaging-rig.js';

/**
 * Signed events on the real broker (ADR 0034): the producing organisation signs each envelope with its Ed25519 key;
 * the consumer checks it against the region's key registry. Unsigned, forged, altered or wrongly-signed events are
 * dead-lettered with the reason and have no effect; a rotated key verifies once it is in the registry.
 */
const A = `E10${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const B = `E06${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const keyA1 = generateSigningKey(`${A}-1`);
const keyA2 = generateSigningKey(`${A}-2`); // A's next key: in the registry beside the first (rotation)
const keyB = generateSigningKey(`${B}-1`);
const registry = parseKeyRegistry(JSON.stringify({ [A]: jwksOf(keyA1, keyA2), [B]: jwksOf(keyB) }));

class Recording implements EventHandler<NeedSnapshotV1> {
  readonly definition = NeedSnapshotV1Event;
  async handle(envelope: EventEnvelope<NeedSnapshotV1>, em: EntityManager): Promise<void> {
    await recordEffect(em, envelope);
  }
}

const snapshotOf = (council: string, total: number) =>
  createEnvelope(NeedSnapshotV1Event, {
    producer: `council:${council}`,
    tenant: council,
    key: council,
    payload: {
      councilCode: council,
      asAt: '2021-03-31',
      total,
      cells: [{ category: 'fostering' as const, ageBand: '5-9' as const, count: total }],
    },
  });
const messageOf = (envelope: EventEnvelope<unknown>): BusMessage => ({
  topic: TOPICS.councilNeed,
  key: envelope.key,
  value: JSON.stringify(envelope),
  headers: { 'event-id': envelope.id },
});

describe('signed events on the real broker', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let bus: KafkaEventBus;
  let consumer: InboxConsumer;
  const dead = new Map<string, string>();

  const effectOf = async (id: string) =>
    ((await dataSource.query(`SELECT total FROM effect WHERE event_id = $1`, [id])) as { total: number }[])[0]?.total;
  const deadLetterReason = (id: string) => waitFor(async () => dead.get(id), `event ${id} to be dead-lettered`, 60_000);

  beforeAll(async () => {
    ({ db, dataSource } = await migratedDataSource('signing', [
      MessagingTables1763769600000,
      OutboxTraceHeaders1796538264000,
    ]));
    await createEffectTable(dataSource);
    bus = await needTopicBus('rcc-signing', 's', { addressing: { councils: [A, B] } });
    await bus.subscribe(
      { groupId: `rcc.test.${randomUUID()}.dlt`, topics: [deadLetterTopic(TOPICS.councilNeed)] },
      async (m) => {
        const id = (JSON.parse(m.value) as { id: string }).id;
        dead.set(id, m.headers?.['dlt-reason'] ?? '');
      },
    );
    consumer = new InboxConsumer(dataSource, bus, {
      consumer: 'signing-test',
      groupId: `rcc.test.${randomUUID()}`,
      handlers: [new Recording()],
      verifier: new EventVerifier(registry),
    });
    await consumer.start();
  });

  afterAll(() => tearDown({ consumer, bus, dataSource, db }));

  it("applies a council's own event, signed by it through the outbox relay", async () => {
    const relay = new OutboxRelay(dataSource, bus, { signer: new EventSigner(A, keyA1) });
    const envelope = await dataSource.transaction((em) =>
      enqueueEvent(em, NeedSnapshotV1Event, {
        producer: `council:${A}`,
        tenant: A,
        key: A,
        payload: snapshotOf(A, 11).payload,
      }),
    );
    expect(await relay.drain()).toBe(1);
    expect(await waitFor(() => effectOf(envelope.id), 'the signed event to be applied', 60_000)).toBe(11);
  });

  it('dead-letters an unsigned event with the reason, with no effect', async () => {
    const envelope = snapshotOf(A, 12);
    await bus.publish([messageOf(envelope)]);
    expect(await deadLetterReason(envelope.id)).toBe('unsigned event: no organisation signature');
    expect(await effectOf(envelope.id)).toBeUndefined();
  });

  it("dead-letters council B's producer writing A's need snapshot (signed by B)", async () => {
    const envelope = snapshotOf(A, 13);
    await bus.publish([new EventSigner(B, keyB).sign(messageOf(envelope))]);
    expect(await deadLetterReason(envelope.id)).toBe(
      `signed by ${B}, but only ${A} may produce this event on ${TOPICS.councilNeed}`,
    );
    expect(await effectOf(envelope.id)).toBeUndefined();
  });

  it("dead-letters a forgery under A's name and key id, and an altered signed event", async () => {
    const forged = snapshotOf(A, 14);
    const attacker = generateSigningKey(keyA1.kid);
    await bus.publish([new EventSigner(A, attacker).sign(messageOf(forged))]);
    expect(await deadLetterReason(forged.id)).toBe(
      `signature by ${A} (key ${keyA1.kid}) does not verify: forged or altered`,
    );

    const original = snapshotOf(A, 15);
    const signed = new EventSigner(A, keyA1).sign(messageOf(original));
    const altered = {
      ...original,
      payload: { ...original.payload, total: 150, cells: [{ ...original.payload.cells[0]!, count: 150 }] },
    };
    await bus.publish([{ ...signed, value: JSON.stringify(altered) }]);
    expect(await deadLetterReason(original.id)).toMatch(/does not verify: forged or altered/);
    expect(await effectOf(forged.id)).toBeUndefined();
    expect(await effectOf(original.id)).toBeUndefined();
  });

  it('dead-letters a signature by a key the registry does not hold, and accepts a rotated key it does', async () => {
    const unknown = snapshotOf(A, 16);
    await bus.publish([new EventSigner(A, generateSigningKey('not-registered')).sign(messageOf(unknown))]);
    expect(await deadLetterReason(unknown.id)).toBe(
      `signed by ${A} with key not-registered, which is not in the region's key registry`,
    );
    const rotated = snapshotOf(A, 17);
    await bus.publish([new EventSigner(A, keyA2).sign(messageOf(rotated))]);
    expect(await waitFor(() => effectOf(rotated.id), 'the event signed with the new key', 60_000)).toBe(17);
  });

  it('a signature header with junk in it is refused, not thrown', async () => {
    const junk = snapshotOf(A, 18);
    const message = messageOf(junk);
    await bus.publish([
      {
        ...message,
        headers: {
          ...message.headers,
          [SIGNER_HEADER]: A,
          [KEY_ID_HEADER]: keyA1.kid,
          [SIGNATURE_HEADER]: edSign(null, Buffer.from('x'), keyB.privateKey).toString('base64url').slice(3),
        },
      },
    ]);
    expect(await deadLetterReason(junk.id)).toMatch(/does not verify/);
  });
});
