import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  createEnvelope,
  NeedFlowsV1Event,
  NeedTransitionsV1Event,
  type EventDefinition,
  type NeedFlowsV1,
  type NeedTransitionsV1,
} from '@rcc/contracts';
import { InboxConsumer, MessagingTables1763769600000, type BusMessage, type EventBus } from '@rcc/messaging';
import { sql, type TestDatabase, migratedDataSource } from '@rcc/testing';
import { NeedSnapshots1763769601000 } from '../../migrations/1763769601000-NeedSnapshots.js';
import { Forecasts1763870400000 } from '../../migrations/1763870400000-Forecasts.js';
import { AnalyticsConfig } from '../../platform/analytics.config.js';
import { NeedFlowsConsumer } from './need-flows.consumer.js';
import { NeedTransitionsConsumer } from './need-transitions.consumer.js';

/**
 * The flows and transitions consumers take a run of events in one statement (`handleBatch`, ADR 0047): the same
 * events delivered as one batch and one by one (each in its own inbox transaction, on another database) leave the
 * same rows, whatever their order, with repeats, ties and events older than what is held.
 */
const STAFFS = 'E10000028';
const STOKE = 'E06000021';

describe('analytics need flows and transitions: a batch has the effect of its events one by one', () => {
  const config = Object.assign(new AnalyticsConfig(), { RCC_REGION_COUNCILS: `${STAFFS},${STOKE}` });
  const dead: BusMessage[] = [];
  const bus = { kind: 'in-process', publish: async (m: BusMessage[]) => void dead.push(...m) } as unknown as EventBus;
  const sides: { db: TestDatabase; dataSource: DataSource; inbox: InboxConsumer }[] = [];

  beforeAll(async () => {
    for (const name of ['analytics_batch', 'analytics_single']) {
      const { db, dataSource } = await migratedDataSource(
        name,
        [MessagingTables1763769600000, NeedSnapshots1763769601000, Forecasts1763870400000],
        { transaction: 'each' },
      );
      const inbox = new InboxConsumer(dataSource, bus, {
        consumer: 'analytics',
        groupId: 'test',
        handlers: [new NeedFlowsConsumer(config), new NeedTransitionsConsumer(config)],
      });
      sides.push({ db, dataSource, inbox });
    }
  });

  afterAll(async () => {
    for (const s of sides) {
      await s.dataSource.destroy();
      await s.db.drop();
    }
  });

  const message = <P extends object>(definition: EventDefinition<P>, council: string, payload: P, at: string) => {
    const envelope = createEnvelope(definition, {
      producer: 'test',
      tenant: council,
      key: council,
      payload,
      occurredAt: new Date(at),
    });
    return { topic: definition.topic, key: council, value: JSON.stringify(envelope) };
  };
  const flows = (council: string, asAt: string, months: NeedFlowsV1['months'], at: string) =>
    message(NeedFlowsV1Event, council, { councilCode: council, asAt, months }, at);
  const transitions = (council: string, month: string, count: number, at: string) => {
    const payload: NeedTransitionsV1 = {
      councilCode: council,
      month,
      cells: [{ from: 'out', to: 'fostering/10-15', count }],
    };
    return message(NeedTransitionsV1Event, council, payload, at);
  };
  type Row = { council_code: string; month: string; entries?: number; cells?: { count: number }[] };
  const held = async (url: string) => ({
    flows: await sql<Row>(
      url,
      `SELECT council_code, to_char(month, 'YYYY-MM') AS month, entries, exits, event_id::text
                             FROM need_flow_month ORDER BY 1, 2`,
    ),
    transitions: await sql<Row>(
      url,
      `SELECT council_code, to_char(month, 'YYYY-MM') AS month, cells, event_id::text
                                   FROM need_transition_month ORDER BY 1, 2`,
    ),
  });

  it('leaves the same rows as one by one: the first of the latest of each council and month wins', async () => {
    const m = (month: string, entries: number) => ({ month, entries, exits: entries + 1 });
    const first = [
      flows(STAFFS, '2031-03-31', [m('2031-01', 1), m('2031-02', 2), m('2031-03', 3)], '2031-04-01T10:00:00Z'),
      transitions(STAFFS, '2031-03', 5, '2031-04-01T10:00:00Z'),
      transitions(STOKE, '2031-03', 9, '2031-04-01T10:00:00Z'),
    ];
    const second = [
      // Overlapping months from a later event: they replace; an older one after it does not.
      flows(STAFFS, '2031-04-30', [m('2031-02', 20), m('2031-03', 30), m('2031-04', 40)], '2031-05-01T10:00:00Z'),
      flows(STAFFS, '2031-03-31', [m('2031-03', 99), m('2031-04', 99)], '2031-04-15T10:00:00Z'),
      // A tie on occurredAt: the first applied stays.
      transitions(STAFFS, '2031-04', 6, '2031-05-01T10:00:00Z'),
      transitions(STAFFS, '2031-04', 7, '2031-05-01T10:00:00Z'),
      transitions(STAFFS, '2031-03', 1, '2031-03-31T10:00:00Z'), // older than what is held
      flows(STOKE, '2031-03-31', [m('2031-03', 4)], '2031-04-01T10:00:00Z'),
    ];
    const [batch, single] = sides;
    await batch!.inbox.receiveBatch(first);
    await batch!.inbox.receiveBatch(second);
    for (const msg of [...first, ...second]) await single!.inbox.receive(msg);
    const got = await held(batch!.db.url);
    expect(got).toEqual(await held(single!.db.url));
    expect(got.flows.map((r) => [r.council_code, r.month, r.entries])).toEqual([
      [STOKE, '2031-03', 4],
      [STAFFS, '2031-01', 1],
      [STAFFS, '2031-02', 20],
      [STAFFS, '2031-03', 30],
      [STAFFS, '2031-04', 40],
    ]);
    expect(got.transitions.map((r) => [r.council_code, r.month, r.cells![0]!.count])).toEqual([
      [STOKE, '2031-03', 9],
      [STAFFS, '2031-03', 5],
      [STAFFS, '2031-04', 6],
    ]);
    expect(dead).toEqual([]);
  });

  it('refuses an event from another council alone (dead-lettered), the rest of the batch applied', async () => {
    const [batch] = sides;
    await batch!.inbox.receiveBatch([
      transitions(STOKE, '2031-05', 3, '2031-06-01T10:00:00Z'),
      message(
        NeedTransitionsV1Event,
        STAFFS,
        { councilCode: STOKE, month: '2031-06', cells: [{ from: 'out', to: 'fostering/10-15', count: 8 }] },
        '2031-07-01T10:00:00Z',
      ),
    ]);
    const rows = await sql<{ month: string }>(
      batch!.db.url,
      `SELECT to_char(month, 'YYYY-MM') AS month FROM need_transition_month WHERE council_code = '${STOKE}' ORDER BY 1`,
    );
    expect(rows.map((r) => r.month)).toEqual(['2031-03', '2031-05']);
    expect(dead).toHaveLength(1);
    expect(dead[0]!.headers!['dlt-reason']).toMatch(/came from tenant E10000028/);
  });
});
