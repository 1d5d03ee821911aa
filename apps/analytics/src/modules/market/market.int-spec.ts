import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  CapacityChangedV1Event,
  createEnvelope,
  NeedSnapshotV1Event,
  ReferralClosedV1Event,
  ReferralOpenedV2Event,
  type EventDefinition,
} from '@rcc/contracts';
import {
  InboxConsumer,
  MessagingTables1763769600000,
  OutboxTraceHeaders1796538264000,
  type BusMessage,
  type EventBus,
} from '@rcc/messaging';
import { createTestDatabase, sql, type TestDatabase } from '@rcc/testing';
import { NeedSnapshots1763769601000 } from '../../migrations/1763769601000-NeedSnapshots.js';
import { Publication1763856000000 } from '../../migrations/1763856000000-Publication.js';
import { Market1763856000100 } from '../../migrations/1763856000100-Market.js';
import { AnalyticsConfig } from '../../platform/analytics.config.js';
import { NeedSnapshotConsumer } from '../need-snapshots/need-snapshot.consumer.js';
import { PublishedProfileEntity } from '../publication/publication.entity.js';
import { PublicationService } from '../publication/publication.service.js';
import {
  CapacityChangedConsumer,
  ReferralClosedConsumer,
  ReferralOpenedConsumer,
  SettingChangedConsumer,
} from './market.consumer.js';
import { MarketService } from './market.service.js';

/**
 * Analytics' market consumers and publication on real PostgreSQL (migrations up and down), driven through the inbox
 * exactly as the bus would deliver: order of arrival, redelivery, refusals, and the immutable versions.
 */
const STAFFS = 'E10000028';
const STOKE = 'E06000021';

describe('analytics market and publication on real PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let inbox: InboxConsumer;
  const dead: BusMessage[] = [];
  const config = Object.assign(new AnalyticsConfig(), { RCC_REGION_COUNCILS: `${STAFFS},${STOKE}` });
  const bus = {
    kind: 'in-process',
    publish: async (messages: BusMessage[]) => void dead.push(...messages),
  } as unknown as EventBus;

  const deliver = async <P extends object>(
    definition: EventDefinition<P>,
    payload: P,
    opts: { tenant?: string | null; key?: string; occurredAt?: Date } = {},
  ) => {
    const envelope = createEnvelope(definition, {
      producer: 'test',
      tenant: opts.tenant ?? null,
      key: opts.key ?? 'k',
      payload,
      occurredAt: opts.occurredAt,
    });
    const message = { topic: definition.topic, key: envelope.key, value: JSON.stringify(envelope) };
    await inbox.receive(message);
    return message;
  };

  beforeAll(async () => {
    db = await createTestDatabase('analytics_market');
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url,
      entities: [PublishedProfileEntity],
      migrations: [
        MessagingTables1763769600000,
        NeedSnapshots1763769601000,
        Publication1763856000000,
        Market1763856000100,
        OutboxTraceHeaders1796538264000,
      ],
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    inbox = new InboxConsumer(dataSource, bus, {
      consumer: 'analytics',
      groupId: 'test',
      handlers: [
        new NeedSnapshotConsumer(config),
        new SettingChangedConsumer(),
        new CapacityChangedConsumer(),
        new ReferralOpenedConsumer(config),
        new ReferralClosedConsumer(config),
      ],
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const capacity = (vacancies: number, reason: 'declared' | 'expired') => ({
    urn: 'SC200001',
    providerId: randomUUID(),
    settingType: 'childrens-home' as const,
    placementCategory: 'residential' as const,
    localAuthorityCode: STAFFS,
    vacancies,
    ageBands: ['10-15' as const],
    canMeet: [],
    declaredAt: new Date().toISOString(),
    availableUntil: '2099-01-01',
    reason,
  });

  it('keeps the latest declaration whatever the order of arrival, and counts an expired one as no supply', async () => {
    const market = new MarketService(dataSource, config);
    await deliver(CapacityChangedV1Event, capacity(3, 'declared'), { occurredAt: new Date('2030-01-02T00:00:00Z') });
    await deliver(CapacityChangedV1Event, capacity(9, 'declared'), { occurredAt: new Date('2030-01-01T00:00:00Z') });
    const vacancies = async () =>
      (await market.gaps(null, '2030-06-01')).byCategory.find((c) => c.placementCategory === 'residential')!
        .declaredVacancies;
    expect(await vacancies()).toBe(3);
    await deliver(CapacityChangedV1Event, capacity(3, 'expired'), { occurredAt: new Date('2030-01-03T00:00:00Z') });
    expect(await vacancies()).toBe(0);
    // Not yet declared on an earlier day: not supply then either.
    await deliver(CapacityChangedV1Event, capacity(4, 'declared'), { occurredAt: new Date('2030-01-04T00:00:00Z') });
    expect(
      (await market.gaps(null, '2000-01-01')).byCategory.find((c) => c.placementCategory === 'residential')!
        .declaredVacancies,
    ).toBe(0);
  });

  it('dead-letters a referral from a council outside the region or from the wrong tenant, and ignores redelivery', async () => {
    const opened = {
      referralId: randomUUID(),
      councilCode: 'E09000001',
      kind: 'planned' as const,
      startBy: '2030-01-01',
      ageBand: '10-15' as const,
      sex: 'male' as const,
      siblings: 0,
      localities: [],
      closeToFamily: false,
      mustStayAtSchool: false,
      suitability: {
        fostering: 'preferred' as const,
        residential: 'suitable' as const,
        supported: 'unsuitable' as const,
      },
      ratio: 'standard' as const,
      risksToChild: [],
      risksToOthers: [],
      support: [],
      needs: [],
    };
    await deliver(ReferralOpenedV2Event, opened, { tenant: 'E09000001', key: 'E09000001' });
    expect(dead.at(-1)!.headers!['dlt-reason']).toMatch(/E09000001 is not a member council/);
    await deliver(ReferralOpenedV2Event, { ...opened, councilCode: STOKE }, { tenant: STAFFS, key: STAFFS });
    expect(dead.at(-1)!.headers!['dlt-reason']).toMatch(/came from tenant E10000028/);
    expect(await sql(db.url, 'SELECT 1 FROM market_referral')).toHaveLength(0);

    const ok = await deliver(ReferralOpenedV2Event, { ...opened, councilCode: STOKE }, { tenant: STOKE, key: STOKE });
    await inbox.receive(ok); // redelivered: no second effect
    const closed = {
      referralId: opened.referralId,
      councilCode: STOKE,
      outcome: 'placed' as const,
      route: 'spot' as const,
      weeklyCostPence: 123_456,
      settingUrn: 'SC200001',
      reasons: [],
    };
    await deliver(ReferralClosedV1Event, closed, { tenant: STOKE, key: STOKE });
    const rows = await sql<{ placement_category: string; outcome: string; weekly_cost_pence: number }>(
      db.url,
      'SELECT placement_category, outcome, weekly_cost_pence FROM market_referral',
    );
    expect(rows).toEqual([{ placement_category: 'fostering', outcome: 'placed', weekly_cost_pence: 123_456 }]);
    expect(inbox.stats.duplicates).toBe(1);
  });

  it('publishes immutable versions: a revision only when the figures change, protected against the first', async () => {
    const publication = new PublicationService(dataSource, config);
    const snapshot = (councilCode: string, cells: { category: 'fostering' | 'residential'; count: number }[]) =>
      deliver(
        NeedSnapshotV1Event,
        {
          councilCode,
          asAt: '2030-03-31',
          total: cells.reduce((s, c) => s + c.count, 0),
          cells: cells.map((c) => ({ ...c, ageBand: '10-15' as const })),
        },
        { tenant: councilCode, key: councilCode },
      );
    await expect(publication.publish('2030-03-31')).rejects.toThrow(/no member council has sent a snapshot/);
    await snapshot(STAFFS, [
      { category: 'fostering', count: 40 },
      { category: 'residential', count: 12 },
    ]);
    const first = await publication.publish('2030-03-31');
    expect(first).toMatchObject({ created: true, profile: { version: 1, revision: 1, notContributing: [STOKE] } });
    expect((await publication.publish('2030-03-31')).created).toBe(false);

    await snapshot(STOKE, [
      { category: 'fostering', count: 30 },
      { category: 'residential', count: 2 },
    ]);
    const second = await publication.publish('2030-03-31');
    expect(second.profile).toMatchObject({ version: 2, revision: 2, notContributing: [] });
    // Regional residential 10-15 went from 12 to 14: a change of 2 (Stoke's two children) must not be readable.
    const cell = (p: typeof second.profile, category: string) =>
      p.tables.find((t) => t.name === 'placement-by-age')!.rows.find((r) => r.key === category)!.values[3]!;
    expect(cell(first.profile, 'residential').count).toBe(12);
    expect(cell(second.profile, 'residential').display).toBe('c');
    await expect(sql(db.url, 'DELETE FROM published_profile')).rejects.toThrow(/immutable/);
    const [outbox] = await sql<{ n: string }>(db.url, `SELECT count(*) AS n FROM outbox`);
    expect(Number(outbox!.n)).toBe(2);
  });

  it('applies a batch of snapshots in one statement as if one by one: the latest of each date wins, a bad one is dead-lettered alone', async () => {
    const message = (councilCode: string, asAt: string, total: number, at: string, tenant = councilCode) => {
      const envelope = createEnvelope(NeedSnapshotV1Event, {
        producer: 'test',
        tenant,
        key: councilCode,
        payload: {
          councilCode,
          asAt,
          total,
          cells: [{ category: 'fostering' as const, ageBand: '10-15' as const, count: total }],
        },
        occurredAt: new Date(at),
      });
      return { topic: NeedSnapshotV1Event.topic, key: councilCode, value: JSON.stringify(envelope) };
    };
    const held = () =>
      sql<{ council_code: string; total: number }>(
        db.url,
        `SELECT council_code, total FROM need_snapshot WHERE as_at = '2031-03-31' ORDER BY council_code`,
      );
    // Out of order within the batch and against what is held: the newest of each council and date wins.
    await inbox.receiveBatch([
      message(STAFFS, '2031-03-31', 50, '2031-04-01T10:00:00Z'),
      message(STAFFS, '2031-03-31', 70, '2031-04-03T10:00:00Z'),
      message(STAFFS, '2031-03-31', 60, '2031-04-02T10:00:00Z'),
      message(STOKE, '2031-03-31', 20, '2031-04-01T10:00:00Z'),
    ]);
    expect(await held()).toEqual([
      { council_code: STOKE, total: 20 },
      { council_code: STAFFS, total: 70 },
    ]);
    const deadBefore = dead.length;
    await inbox.receiveBatch([
      message(STAFFS, '2031-03-31', 40, '2031-03-31T10:00:00Z'), // older than what is held: ignored
      message(STOKE, '2031-03-31', 25, '2031-04-05T10:00:00Z'),
      message(STOKE, '2031-03-31', 99, '2031-04-06T10:00:00Z', STAFFS), // another council's tenant: refused
    ]);
    expect(await held()).toEqual([
      { council_code: STOKE, total: 25 },
      { council_code: STAFFS, total: 70 },
    ]);
    expect(dead.length).toBe(deadBefore + 1);
    expect(dead.at(-1)!.headers!['dlt-reason']).toMatch(/came from tenant E10000028/);
  });

  it('migrates down cleanly', async () => {
    // The outbox's trace column (the latest migration), then analytics' own three.
    for (let i = 0; i < 4; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const tables = await sql<{ t: string }>(
      db.url,
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE ANY (ARRAY['market_%', 'published_%', 'need_%'])`,
    );
    expect(tables).toEqual([]);
  });
});
