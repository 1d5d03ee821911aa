import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IHeaders } from 'kafkajs';
import { generateSigningKey, issueToken, TEST_ISSUER, type Principal } from '@rcc/auth';
import {
  AGE_BANDS,
  createEnvelope,
  deadLetterTopic,
  NeedSnapshotV1Event,
  PLACEMENT_CATEGORIES,
  TOPICS,
  type NeedSnapshotV1,
} from '@rcc/contracts';
import { councilTopic } from '@rcc/messaging';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import { monthEnds, needSnapshot, parseReturn } from '@rcc/ssda903';
import {
  SHARED_APPS,
  sql,
  startRegion,
  waitFor,
  type TestDatabase,
  type TestRegion,
  testToken,
  testEventRecord,
  testKafka,
} from '@rcc/testing';

/**
 * The walking skeleton end to end, as separate processes on real PostgreSQL and real Kafka: two council instances
 * (each with its own database), registry, commissioning, analytics and the federated gateway.
 */
const STAFFS = { code: 'E10000028', name: 'Staffordshire', sample: '2021' };
const STOKE = { code: 'E06000021', name: 'Stoke-on-Trent', sample: '2020' };
const SUBGRAPH_APPS = ['analytics', 'commissioning', 'council', 'registry'] as const;
const MIN_COUNT = 6;

const token = (p: Principal) => testToken(p);
const sampleFiles = (year: string) =>
  ['header', 'episodes'].map((t) => ({
    name: `${year}-${t}.csv`,
    content: readFileSync(join(repoRoot(), 'infra/demo/ssda903', `${year}-${t}.csv`), 'utf8'),
  }));
const dataRows = (csv: string) => csv.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;
/** A one-year return's month-end series: from the 31 March its collection year starts after, to its 31 March. */
const seriesOf = (asAt: string) => monthEnds(`${Number(asAt.slice(0, 4)) - 1}-03-01`, asAt);
type OutboxRow = { event_type: string; envelope: { payload: Record<string, unknown> } };

async function query<T>(url: string, text: string, t?: string, variables?: Record<string, unknown>) {
  return graphqlRequest<T>(url, text, { token: t, variables });
}

describe('walking skeleton: two councils, real PostgreSQL, real Kafka, federated gateway', () => {
  let region: TestRegion;
  let prefix: string;
  /** Each council's need topic on the broker (ADR 0035). */
  const needTopics = () => [STAFFS, STOKE].map((c) => `${prefix}${councilTopic(TOPICS.councilNeed, c.code)}`);
  const dbs: Record<string, TestDatabase> = {};
  const ports: Record<string, number> = {};
  let gql: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    region = await startRegion({ councils: [STAFFS, STOKE], minCount: MIN_COUNT });
    prefix = region.prefix;
    gql = region.gatewayUrl;
    for (const [key, id] of [
      ['staffs', STAFFS.code],
      ['stoke', STOKE.code],
      ...SHARED_APPS.map((app) => [app, app]),
    ] as const) {
      dbs[key] = region.databases[id]!;
      ports[key] = Number(new URL(region.subgraphUrls[id]!).port);
    }

    // Each subgraph's schema as served must be the committed one the supergraph is composed from.
    // RCC_UPDATE_SCHEMAS=1 rewrites the files and recomposes instead.
    const urls: Record<(typeof SUBGRAPH_APPS)[number], string> = {
      analytics: region.subgraphUrls['analytics']!,
      commissioning: region.subgraphUrls['commissioning']!,
      council: region.subgraphUrls[STAFFS.code]!,
      registry: region.subgraphUrls['registry']!,
    };
    let changed = false;
    for (const app of SUBGRAPH_APPS) {
      const served = await query<{ _service: { sdl: string } }>(urls[app], '{ _service { sdl } }');
      const sdl = `${served.data!._service.sdl.trim()}\n`;
      const file = join(repoRoot(), 'apps', app, 'schema.graphql');
      if (process.env['RCC_UPDATE_SCHEMAS'] === '1') {
        writeFileSync(file, sdl);
        changed = true;
      } else {
        expect({ app, sdl: readFileSync(file, 'utf8') }).toEqual({ app, sdl });
      }
    }
    if (changed) {
      execFileSync(
        process.execPath,
        ['--import', './infra/runtime/register.mjs', 'dist/apps/cli/src/main.js', 'compose'],
        {
          cwd: repoRoot(),
          stdio: 'inherit',
        },
      );
    }

    tokens['staffs'] = await token({ subject: 'analyst-staffs', roles: ['council.analyst'], council: STAFFS.code });
    tokens['stoke'] = await token({ subject: 'analyst-stoke', roles: ['council.analyst'], council: STOKE.code });
    tokens['hub'] = await token({ subject: 'hub-1', roles: ['hub.commissioner'] });
    tokens['provider'] = await token({ subject: 'provider-user-1', roles: ['provider.user'], provider: randomUUID() });
  });

  afterAll(async () => {
    await region?.stop();
  });

  const importSample = (council: typeof STAFFS, t: string) =>
    query<{
      importSsda903: {
        alreadyImported: boolean;
        children: number;
        episodes: number;
        snapshotAsAt: string;
        snapshotTotal: number;
      };
    }>(
      gql,
      `mutation($input: ImportSsda903Input!) {
        importSsda903(input: $input) { alreadyImported children episodes snapshotAsAt snapshotTotal }
      }`,
      t,
      { input: { files: sampleFiles(council.sample) } },
    );

  it('1-2. each council imports its SSDA903 pair through the gateway into its own database, with the snapshot in the outbox', async () => {
    for (const [council, key] of [
      [STAFFS, 'staffs'],
      [STOKE, 'stoke'],
    ] as const) {
      const files = sampleFiles(council.sample);
      const result = await importSample(council, tokens[key]!);
      expect(result.errors).toBeUndefined();
      const r = result.data!.importSsda903;
      expect(r).toMatchObject({
        alreadyImported: false,
        children: dataRows(files[0]!.content),
        episodes: dataRows(files[1]!.content),
      });
      expect(r.snapshotTotal).toBeGreaterThan(0);

      const [children] = await sql<{ n: string }>(dbs[key]!.url, 'SELECT count(*) AS n FROM child');
      expect(Number(children!.n)).toBe(r.children);
      // Every month-end of the return's history is shared (13 snapshots), with the months between them as flows
      // (one twelve-month event) and transitions (one event per month): aggregates only, all from this council.
      const outbox = await sql<OutboxRow>(dbs[key]!.url, 'SELECT event_type, envelope FROM outbox ORDER BY seq');
      const dates = seriesOf(r.snapshotAsAt);
      expect(dates).toHaveLength(13);
      const of = (type: string) => outbox.filter((o) => o.event_type === type).map((o) => o.envelope.payload);
      const snapshots = of('council.need-snapshot.v1');
      expect(snapshots.map((p) => p['asAt'])).toEqual(dates);
      expect(snapshots.at(-1)).toMatchObject({ asAt: r.snapshotAsAt, total: r.snapshotTotal });
      expect(of('council.need-flows.v1').map((p) => [p['asAt'], (p['months'] as unknown[]).length])).toEqual([
        [r.snapshotAsAt, 12],
      ]);
      expect(of('council.need-transitions.v1').map((p) => p['month'])).toEqual(
        dates.slice(1).map((d) => d.slice(0, 7)),
      );
      expect(outbox).toHaveLength(13 + 1 + 12);
      expect(new Set(outbox.map((o) => o.envelope.payload['councilCode']))).toEqual(new Set([council.code]));
    }
    // Each instance holds only its own council's rows: the other council's import did not touch it.
    const [staffsBatches] = await sql<{ n: string }>(dbs['staffs']!.url, 'SELECT count(*) AS n FROM import_batch');
    expect(Number(staffsBatches!.n)).toBe(1);

    // Importing the same files again changes nothing and shares nothing new.
    const again = await importSample(STAFFS, tokens['staffs']!);
    expect(again.data!.importSsda903.alreadyImported).toBe(true);
    expect(await sql(dbs['staffs']!.url, 'SELECT event_id FROM outbox')).toHaveLength(13 + 1 + 12);
  });

  it('3. the relay publishes each snapshot to the real broker, with counts and no identifiers', async () => {
    const kafka = testKafka('e2e-reader');
    const consumer = kafka.consumer({ groupId: `${prefix}e2e-reader` });
    const seen: { key: string; value: string }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: needTopics(), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push({ key: message.key!.toString(), value: message.value!.toString() });
      },
    });
    try {
      // Per council: 13 month-end snapshots, one flows event and 12 transitions events.
      await waitFor(async () => seen.length >= 2 * 26, "both councils' monthly series on Kafka", 60_000);
    } finally {
      await consumer.disconnect();
    }
    const typeOf = (m: { value: string }) => (JSON.parse(m.value) as { type: string }).type;
    const keysOf = (type: string) =>
      seen
        .filter((m) => typeOf(m) === type)
        .map((m) => m.key)
        .sort();
    const each = (n: number) => [...Array<string>(n).fill(STOKE.code), ...Array<string>(n).fill(STAFFS.code)].sort();
    expect(keysOf('council.need-snapshot')).toEqual(each(13));
    expect(keysOf('council.need-flows')).toEqual(each(1));
    expect(keysOf('council.need-transitions')).toEqual(each(12));
    expect(seen).toHaveLength(2 * 26);
    const headers = readFileSync(join(repoRoot(), 'infra/demo/ssda903/2021-header.csv'), 'utf8');
    const dobs = [...headers.matchAll(/\d{2}\/\d{2}\/\d{4}/g)].map((m) => m[0]);
    for (const m of seen) {
      const envelope = JSON.parse(m.value) as { type: string; version: number; payload: Record<string, unknown> };
      if (envelope.type === 'council.need-flows') {
        expect(Object.keys(envelope.payload).sort()).toEqual(['asAt', 'councilCode', 'months']);
        for (const month of envelope.payload['months'] as Record<string, unknown>[]) {
          expect(Object.keys(month).sort()).toEqual(['entries', 'exits', 'month']);
        }
        continue;
      }
      if (envelope.type === 'council.need-transitions') {
        expect(Object.keys(envelope.payload).sort()).toEqual(['cells', 'councilCode', 'month']);
        for (const cell of envelope.payload['cells'] as Record<string, unknown>[]) {
          expect(Object.keys(cell).sort()).toEqual(['count', 'from', 'to']);
        }
        continue;
      }
      expect(envelope.type).toBe('council.need-snapshot');
      expect(Object.keys(envelope.payload).sort()).toEqual(['asAt', 'cells', 'councilCode', 'total']);
      for (const cell of envelope.payload['cells'] as Record<string, unknown>[]) {
        expect(Object.keys(cell).sort()).toEqual(['ageBand', 'category', 'count']);
      }
      // No date of birth (in either notation) and no postcode anywhere in the message. A birth on a month-end
      // would share its date with that month's snapshot: the check skips the message's own date.
      for (const dob of dobs.slice(0, 50)) {
        const [d, mo, y] = dob.split('/');
        if (`${y}-${mo}-${d}` !== envelope.payload['asAt']) expect(m.value).not.toContain(`${y}-${mo}-${d}`);
      }
      expect(m.value).not.toMatch(/\b[A-Z]{1,2}\d{1,2}[A-Z]? \d[A-Z]{2}\b/);
    }
  });

  it('3. analytics stores each snapshot through its inbox, and a redelivered event has no second effect', async () => {
    const stored = await waitFor(
      async () => {
        const rows = await sql<{ council_code: string; event_id: string }>(
          dbs['analytics']!.url,
          'SELECT * FROM need_snapshot',
        );
        return rows.length >= 2 * 13 ? rows : null;
      },
      "analytics to store both councils' 13 month-end snapshots",
      60_000,
    );
    expect(stored).toHaveLength(2 * 13);
    expect(new Set(stored.map((r) => r.council_code))).toEqual(new Set([STOKE.code, STAFFS.code]));

    // Redeliver: publish the exact same message again, then wait until analytics' group has consumed everything.
    const kafka = testKafka('e2e-redeliver');
    const reader = kafka.consumer({ groupId: `${prefix}e2e-redeliver` });
    let original: { topic: string; key: Buffer | null; value: Buffer | null; headers?: IHeaders } | undefined;
    await reader.connect();
    await reader.subscribe({ topics: needTopics(), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        if (message.value!.toString().includes('"type":"council.need-snapshot"')) {
          // The exact record, its organisation's signature (headers) included.
          original ??= { topic, key: message.key, value: message.value, headers: message.headers };
        }
      },
    });
    await waitFor(async () => original, 'the original message', 30_000);
    await reader.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: original!.topic,
      messages: [{ key: original!.key, value: original!.value, headers: original!.headers }],
    });
    await producer.disconnect();

    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const topic = original!.topic;
          const ends = await admin.fetchTopicOffsets(topic);
          const [committed] = await admin.fetchOffsets({ groupId: `${prefix}rcc.analytics`, topics: [topic] });
          // A partition that never had a message has no committed offset (-1) and a high watermark of 0.
          return ends.every((e) => {
            const done = committed!.partitions.find((p) => p.partition === e.partition)?.offset;
            return e.offset === '0' || done === e.offset;
          });
        },
        'analytics to consume the redelivered event',
        60_000,
      );
    } finally {
      await admin.disconnect();
    }
    const after = await sql(dbs['analytics']!.url, 'SELECT event_id FROM need_snapshot');
    expect(after).toHaveLength(2 * 13);
    // Each council also sends monthly flows and transitions (consumed by the forecasts); snapshots are counted here.
    const inbox = await sql<{ n: string }>(
      dbs['analytics']!.url,
      `SELECT count(*) AS n FROM inbox WHERE event_type = 'council.need-snapshot.v1'`,
    );
    expect(Number(inbox[0]!.n)).toBe(2 * 13);
  });

  it('3. a snapshot from a council outside the region is dead-lettered with the reason, and analytics carries on', async () => {
    const outsider = createEnvelope<NeedSnapshotV1>(NeedSnapshotV1Event, {
      producer: 'council:E09000001',
      tenant: 'E09000001',
      key: 'E09000001',
      payload: {
        councilCode: 'E09000001',
        asAt: '2022-03-31',
        total: 9,
        cells: [{ category: 'fostering', ageBand: '5-9', count: 9 }],
      },
    });
    const kafka = testKafka('e2e-outsider');
    const dlt: { reason: string; value: string }[] = [];
    const reader = kafka.consumer({ groupId: `${prefix}e2e-dlt` });
    await reader.connect();
    await reader.subscribe({ topic: `${prefix}${deadLetterTopic(TOPICS.councilNeed)}`, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        dlt.push({ reason: String(message.headers?.['dlt-reason'] ?? ''), value: message.value!.toString() });
      },
    });
    const producer = kafka.producer();
    await producer.connect();
    // Onto a member council's topic (a broker with ACLs would refuse the write: ADR 0035), signed as itself.
    const record = testEventRecord(prefix, {
      topic: TOPICS.councilNeed,
      key: 'E09000001',
      value: JSON.stringify(outsider),
    });
    await producer.send({ ...record, topic: `${prefix}${councilTopic(TOPICS.councilNeed, STAFFS.code)}` });
    await producer.disconnect();
    try {
      const dead = await waitFor(
        async () => dlt.find((d) => d.value.includes(outsider.id)),
        'the outsider on the dead-letter topic',
        60_000,
      );
      expect(dead.reason).toMatch(/E09000001 is not a member council of this region/);
    } finally {
      await reader.disconnect();
    }
    const stored = await sql<{ council_code: string }>(dbs['analytics']!.url, 'SELECT council_code FROM need_snapshot');
    expect(stored.map((r) => r.council_code)).not.toContain('E09000001');
  });

  it('4. a provider gets the published regional profile through the gateway, small cells suppressed with a marker', async () => {
    type Published = { display: string; count: number | null; marker: string | null };
    type Profile = {
      asAt: string | null;
      councils: { code: string; asAt: string }[];
      cells: { placementCategory: string; ageBand: string; value: Published }[];
      total: Published;
    };
    const read = () =>
      query<{ demandProfile: Profile }>(
        gql,
        `{ demandProfile { asAt councils { code asAt } total { display count marker }
             cells { placementCategory ageBand value { display count marker } } } }`,
        tokens['provider'],
      );
    // Nothing is computed on request (docs/adr/0028): before the hub publishes, the profile says there is nothing yet.
    const before = await read();
    expect(before.errors).toBeUndefined();
    expect(before.data!.demandProfile).toMatchObject({
      asAt: null,
      councils: [],
      total: { display: 'z', count: null, marker: 'z' },
    });
    expect(before.data!.demandProfile.cells.every((c) => c.value.display === 'z')).toBe(true);

    // The latest month-end both councils' histories cover (test 3 waited for all 2 x 13 snapshots).
    const [common] = await sql<{ asAt: string }>(
      dbs['analytics']!.url,
      `SELECT to_char(as_at, 'YYYY-MM-DD') AS "asAt" FROM need_snapshot GROUP BY as_at
        HAVING count(DISTINCT council_code) = 2 ORDER BY as_at DESC LIMIT 1`,
    );
    expect(common).toBeDefined();
    const AS_AT = common!.asAt;
    const published = await query<{ publishDemandProfile: { version: number } }>(
      gql,
      'mutation($asAt: String!) { publishDemandProfile(asAt: $asAt) { version } }',
      tokens['hub'],
      { asAt: AS_AT },
    );
    expect(published.errors).toBeUndefined();
    const result = await read();
    expect(result.errors).toBeUndefined();
    const profile = result.data!.demandProfile;
    expect(profile.asAt).toBe(AS_AT);
    expect(profile.councils.map((c) => c.code).sort()).toEqual([STOKE.code, STAFFS.code].sort());
    // A version pools each council's snapshot for exactly its date, so there is no flag for mixed dates (ADR 0059).
    expect(profile.councils.map((c) => c.asAt)).toEqual([AS_AT, AS_AT]);
    const flag = await query(gql, '{ demandProfile { mixedDates } }', tokens['provider']);
    expect(flag.errors?.[0]?.message).toMatch(/Cannot query field "mixedDates"/);

    // The truth, counted independently from the demo files by the SSDA903 library as at that date, and equal to the
    // snapshot analytics stored for each council.
    const truth = new Map<string, number>();
    let total = 0;
    for (const council of [STAFFS, STOKE]) {
      const parsed = await parseReturn(sampleFiles(council.sample));
      expect(profile.councils.find((c) => c.code === council.code)?.asAt).toBe(AS_AT);
      const counted = needSnapshot(parsed.header, parsed.episodes, AS_AT);
      const [stored] = await sql<{ cells: { category: string; ageBand: string; count: number }[] }>(
        dbs['analytics']!.url,
        `SELECT cells FROM need_snapshot WHERE council_code = $1 AND as_at = $2`,
        [council.code, AS_AT],
      );
      expect(stored!.cells).toEqual(counted.cells);
      for (const c of counted.cells) {
        truth.set(`${c.category}/${c.ageBand}`, (truth.get(`${c.category}/${c.ageBand}`) ?? 0) + c.count);
        total += c.count;
      }
    }
    expect(profile.cells).toHaveLength(PLACEMENT_CATEGORIES.length * AGE_BANDS.length);
    let markers = 0;
    for (const cell of profile.cells) {
      const n = truth.get(`${cell.placementCategory}/${cell.ageBand}`) ?? 0;
      if (n > 0 && n < MIN_COUNT) {
        expect({ cell: `${cell.placementCategory}/${cell.ageBand}`, value: cell.value }).toEqual({
          cell: `${cell.placementCategory}/${cell.ageBand}`,
          value: { display: 'c', count: null, marker: 'c' },
        });
      }
      if (cell.value.count !== null) expect(cell.value.count).toBe(n);
      if (cell.value.marker !== null) markers += 1;
    }
    expect(markers).toBeGreaterThan(0);
    expect(profile.total).toEqual({ display: String(total), count: total, marker: null });
  });

  it("4. a council token's child-level query is routed to that council's own instance", async () => {
    for (const [council, key] of [
      [STAFFS, 'staffs'],
      [STOKE, 'stoke'],
    ] as const) {
      const result = await query<{ councilChildren: { councilCode: string; total: number } }>(
        gql,
        '{ councilChildren(limit: 2) { councilCode total items { childId } } }',
        tokens[key],
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.councilChildren.councilCode).toBe(council.code);
      const [count] = await sql<{ n: string }>(dbs[key]!.url, 'SELECT count(*) AS n FROM child');
      expect(result.data!.councilChildren.total).toBe(Number(count!.n));
    }
    // Reads of child-level data are audited in the council's own database.
    const audit = await sql<{ actor: string }>(
      dbs['stoke']!.url,
      "SELECT subject AS actor FROM audit_log WHERE operation = 'children'",
    );
    expect(audit.map((a) => a.actor)).toContain('analyst-stoke');
  });

  it('4. the same query with a provider or hub token is refused by the council subgraph itself', async () => {
    for (const who of ['provider', 'hub'] as const) {
      const result = await query<{ councilChildren: unknown }>(
        gql,
        '{ councilChildren { total items { childId } } }',
        tokens[who],
      );
      expect(result.data?.['councilChildren'] ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      // Sent straight to a council instance, bypassing the gateway: still refused there.
      const direct = await query(
        `http://127.0.0.1:${ports['staffs']}/graphql`,
        '{ councilChildren { total } }',
        tokens[who],
      );
      expect(direct.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    }
    // A council's token sent straight to another council's instance is refused by that instance.
    const cross = await query(
      `http://127.0.0.1:${ports['stoke']}/graphql`,
      '{ councilChildren { total } }',
      tokens['staffs'],
    );
    expect(cross.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(cross.errors?.[0]?.message).toMatch(/does not serve your council/);
    // And a provider cannot import into a council.
    const imported = await importSample(STAFFS, tokens['provider']!);
    expect(imported.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('the gateway refuses a forged token before any subgraph sees it', async () => {
    const forged = await issueToken(
      { subject: 'x', roles: ['hub.commissioner'] },
      { issuer: TEST_ISSUER, key: generateSigningKey() },
    );
    const result = await query(gql, '{ demandProfile { asAt } }', forged);
    expect(result.status).toBe(401);
  });
});
