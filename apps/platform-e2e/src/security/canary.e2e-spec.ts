import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildSchema, getNamedType, isLeafType, isObjectType, type GraphQLObjectType } from 'graphql';
import fc from 'fast-check';
import { deadLetterTopic, TOPICS } from '@rcc/contracts';
import { councilTopic } from '@rcc/messaging';
import { repoRoot } from '@rcc/platform';
import { sql, startRegion, waitFor, type TestRegion, testKafka } from '@rcc/testing';
import { snapshotArrived } from '../fixtures/analytics.js';
import { POLICY_TABLE } from './policy-table.js';

/**
 * Issue 8's canary: identifying values that exist only in council databases (child ids, UPNs, dates of birth, full
 * home and placement postcodes) are seeded through a council's SSDA903 import and a referral, and must then appear
 * 0 times in every Kafka topic of the region, in every non-council GraphQL response (every query field the hub,
 * providers and the public can call, every scalar selected), and in every row of the non-council databases (what
 * analytics publishes from). SSDA903 carries no names: the child id and UPN are the direct identifiers. The
 * referral's free text about the child is tried with each of them first, and refused.
 */
const A = { code: 'E10000028', name: 'Staffordshire' };
const B = { code: 'E06000021', name: 'Stoke-on-Trent' };
const PROVIDER_ID = '11111111-1111-4111-8111-111111111111';

interface Canary {
  child: string;
  upn: string;
  dob: string; // dd/mm/yyyy as in SSDA903
  home: string;
  placed: string;
}
const CANARIES: Canary[] = [
  { child: 'CNRY7Q1', upn: 'Q90817263541X', dob: '17/07/2009', home: 'ZX9 9QJ', placed: 'ZY8 8QK' },
  { child: 'CNRY7Q2', upn: 'Q90817263542Y', dob: '23/11/2011', home: 'ZW7 7QH', placed: 'ZV6 6QG' },
  { child: 'CNRY7Q3', upn: 'Q90817263543Z', dob: '09/09/2006', home: 'ZU5 5QF', placed: 'ZT4 4QE' },
];

/** Every form a value could take on the way out: as seeded, ISO dates, postcodes without their space. */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December']; // prettier-ignore

/** A dd/mm/yyyy date of birth as people write it: "17 July 2009". */
const inWords = (dob: string) => {
  const [d, m, y] = dob.split('/');
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
};

function needles(): string[] {
  return CANARIES.flatMap((c) => {
    const [d, m, y] = c.dob.split('/');
    return [
      c.child,
      c.upn,
      c.dob,
      `${y}-${m}-${d}`,
      inWords(c.dob),
      c.home,
      c.placed,
      c.home.replace(' ', ''),
      c.placed.replace(' ', ''),
    ];
  });
}

/** The demo return for council A with the canaries appended: copies of real children under new identifiers. */
function canaryFiles(): { name: string; content: string }[] {
  const read = (t: string) => readFileSync(join(repoRoot(), 'infra/demo/ssda903', `2021-${t}.csv`), 'utf8').trim();
  const [headerHead, ...headerRows] = read('header').split(/\r?\n/);
  const [episodeHead, ...episodeRows] = read('episodes').split(/\r?\n/);
  const hCols = headerHead!.split(',');
  const eCols = episodeHead!.split(',');
  const extraHeader: string[] = [];
  const extraEpisodes: string[] = [];
  CANARIES.forEach((canary, i) => {
    const source = headerRows[i]!.split(',');
    const sourceChild = source[hCols.indexOf('CHILD')]!;
    source[hCols.indexOf('CHILD')] = canary.child;
    source[hCols.indexOf('UPN')] = canary.upn;
    source[hCols.indexOf('DOB')] = canary.dob;
    extraHeader.push(source.join(','));
    for (const row of episodeRows) {
      const cells = row.split(',');
      if (cells[eCols.indexOf('CHILD')] !== sourceChild) continue;
      cells[eCols.indexOf('CHILD')] = canary.child;
      cells[eCols.indexOf('HOME_POST')] = canary.home;
      cells[eCols.indexOf('PL_POST')] = canary.placed;
      extraEpisodes.push(cells.join(','));
    }
  });
  return [
    { name: '2021-header.csv', content: [headerHead, ...headerRows, ...extraHeader].join('\n') },
    { name: '2021-episodes.csv', content: [episodeHead, ...episodeRows, ...extraEpisodes].join('\n') },
  ];
}

/** A query selecting every scalar reachable from a root field (to depth 4), for fields with no required argument. */
function fullQuery(root: GraphQLObjectType, field: string): string {
  const select = (type: GraphQLObjectType, depth: number): string =>
    Object.values(type.getFields())
      .filter((f) => !f.args.some((a) => a.type.toString().endsWith('!') && a.defaultValue === undefined))
      .map((f) => {
        const named = getNamedType(f.type);
        if (isLeafType(named)) return f.name;
        if (isObjectType(named) && depth < 4) return `${f.name} { __typename ${select(named, depth + 1)} }`;
        return '';
      })
      .join(' ');
  const f = root.getFields()[field]!;
  const named = getNamedType(f.type);
  return isObjectType(named) ? `{ ${field} { __typename ${select(named, 1)} } }` : `{ ${field} }`;
}

// Six NestJS processes boot at once; on a loaded machine that takes longer than the harness's default minute.
process.env['RCC_TEST_START_TIMEOUT_MS'] ??= '240000';

/** A month-end of the history of the 2021 return the canaries are appended to: the date the hub publishes. */
const AS_AT = '2021-03-31';

describe('security: canary values never leave the council; poison events never stop a consumer', () => {
  let region: TestRegion;
  let version: number;
  const seen: { where: string; text: string }[] = [];

  beforeAll(async () => {
    region = await startRegion({ councils: [A, B] });
    const analyst = await region.token({ subject: 'canary', roles: ['council.analyst'], council: A.code });
    const imported = await region.gql(
      'mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { batchId } }',
      analyst,
      { input: { files: canaryFiles() } },
    );
    expect(imported.errors).toBeUndefined();
    const placements = await region.token({ subject: 'canary', roles: ['council.placements'], council: A.code });
    const OPEN = 'mutation($input: OpenReferralInput!) { openReferral(input: $input) { id } }';
    const input = {
      childId: CANARIES[0]!.child,
      kind: 'planned',
      startBy: '2022-04-01',
      siblings: 0,
      localities: ['ZX9 9'],
      closeToFamily: true,
      mustStayAtSchool: false,
      suitability: { fostering: 'preferred', residential: 'suitable', supported: 'unsuitable' },
      ratio: '1:1',
      risksToChild: [],
      risksToOthers: [],
      support: [],
    };
    // Free text about the child is the riskiest field (docs/adr/0060): each attempt to carry the canary's identifiers
    // in it is refused by the council, naming what it found, with nothing stored; the scans below find none of them.
    const canary = CANARIES[0]!;
    for (const [aboutChild, named] of [
      [`Known as ${canary.child} at school`, 'the child’s ID'],
      [`UPN ${canary.upn}`, 'the child’s UPN'],
      [`Birthday ${inWords(canary.dob)}`, 'the child’s date of birth'],
      [`Born ${canary.dob}`, 'the child’s date of birth'],
      [`Nan lives at ${canary.home}`, 'the postcode'],
    ]) {
      const refused = await region.gql(OPEN, placements, { input: { ...input, aboutChild } });
      expect(refused.errors?.[0]?.message).toBe(`Remove ${named!} from what homes should know about the child`);
    }
    const referral = await region.gql(OPEN, placements, {
      input: { ...input, aboutChild: 'Loves drawing; settles best with a calm routine.' },
    });
    expect(referral.errors).toBeUndefined();
    const stored = await sql<{ n: number }>(region.databases[A.code]!.url, 'SELECT count(*)::int AS n FROM referral');
    expect(stored[0]!.n).toBe(1);
    // The canaries are really in council A's own database (the test would prove nothing otherwise).
    const rows = await sql<{ n: number }>(
      region.databases[A.code]!.url,
      `SELECT count(*)::int AS n FROM (SELECT row_to_json(t)::text AS j FROM child t) x WHERE j LIKE '%CNRY7Q%'`,
    );
    expect(rows[0]!.n).toBe(CANARIES.length);
    // Wait until analytics has A's snapshot as at that month-end (the events have flowed), then the hub
    // publishes that date: the version, its open data files and its event are scanned below like everything else.
    await snapshotArrived(region, A, AS_AT, 120_000);
    const hub = await region.token({ subject: 'canary', roles: ['hub.commissioner'] });
    const published = await region.gql<{ publishDemandProfile: { version: number } }>(
      'mutation($asAt: String!) { publishDemandProfile(asAt: $asAt) { version } }',
      hub,
      { asAt: AS_AT },
    );
    expect(published.errors).toBeUndefined();
    version = published.data!.publishDemandProfile.version;
  }, 600_000);

  afterAll(async () => {
    await region?.stop();
  });

  it('appears 0 times in any Kafka topic of the region', async () => {
    const kafka = testKafka('canary');
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(region.prefix));
    const expectedMessages = new Map<string, number>();
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      expectedMessages.set(
        topic,
        offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0),
      );
    }
    await admin.disconnect();
    const total = [...expectedMessages.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
    const consumer = kafka.consumer({ groupId: `${region.prefix}canary-scan` });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    let read = 0;
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        read += 1;
        const headers = Object.entries(message.headers ?? {})
          .map(([k, v]) => `${k}=${v?.toString()}`)
          .join(';');
        seen.push({
          where: `kafka ${topic}`,
          text: `${message.key?.toString()} ${message.value?.toString()} ${headers}`,
        });
      },
    });
    await waitFor(async () => read >= total, `all ${total} messages`, 60_000);
    await consumer.disconnect();
    const hits = needles().flatMap((n) => seen.filter((s) => s.text.includes(n)).map((s) => `${n} in ${s.where}`));
    expect(hits).toEqual([]);
    expect(topics.some((t) => /rcc\.council\.need\.e\d{8}$/.test(t))).toBe(true);
  });

  it('appears 0 times in any response to the hub, a provider, the public or an anonymous caller', async () => {
    const schema = buildSchema(readFileSync(join(repoRoot(), 'apps/gateway/supergraph.graphql'), 'utf8'), {
      assumeValidSDL: true,
    });
    const queryFields = Object.entries(POLICY_TABLE)
      .filter(([k, p]) => k.startsWith('Query.') && p.subgraph !== 'council')
      .map(([k]) => k.slice('Query.'.length));
    const callers = [
      await region.token({ subject: 'canary', roles: ['hub.commissioner'] }),
      await region.token({ subject: 'canary', roles: ['provider.user'], provider: PROVIDER_ID }),
      await region.token({ subject: 'canary', roles: ['public'] }),
      undefined,
    ];
    let answered = 0;
    const texts: string[] = [];
    for (const field of queryFields) {
      const query = fullQuery(schema.getQueryType()!, field);
      for (const token of callers) {
        const res = await region.gql(query, token);
        if (res.data) answered += 1;
        texts.push(`${field}: ${JSON.stringify(res)}`);
      }
    }
    expect(answered).toBeGreaterThan(0);
    expect(texts.some((t) => t.includes(A.code))).toBe(true); // the profile does carry A's aggregates
    expect(
      needles().flatMap((n) => texts.filter((t) => t.includes(n)).map((t) => `${n} in ${t.slice(0, 80)}`)),
    ).toEqual([]);
  });

  it('appears 0 times in any row of the non-council databases', async () => {
    const hits: string[] = [];
    let rowsScanned = 0;
    for (const app of ['registry', 'commissioning', 'analytics']) {
      const url = region.databases[app]!.url;
      const tables = await sql<{ name: string }>(
        url,
        `SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      for (const { name } of tables) {
        const rows = await sql<{ j: string }>(url, `SELECT row_to_json(t)::text AS j FROM ${name} t`);
        rowsScanned += rows.length;
        for (const n of needles()) if (rows.some((r) => r.j.includes(n))) hits.push(`${n} in ${app}.${name}`);
      }
    }
    expect(rowsScanned).toBeGreaterThan(0);
    expect(hits).toEqual([]);
  });

  it("appears 0 times in the published open data files (every table's CSV and metadata file, JSON, listings; by version and latest)", async () => {
    const host = region.subgraphUrls['analytics']!.replace(/\/graphql$/, '');
    const files: Record<string, string> = {};
    const tables = ['placement-by-age', 'council-by-placement', 'referrals-by-age'];
    const names = [`${version}.json`, 'latest.json', `${version}`, 'latest'].concat(
      ...[`${version}`, 'latest'].map((v) => tables.flatMap((t) => [`${v}/${t}.csv`, `${v}/${t}.meta.csv`])),
    );
    for (const name of names) {
      const res = await fetch(`${host}/open-data/demand-profile/${name}`);
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
      files[name] = await res.text();
    }
    // The files hold real figures (so a leak would show): A's own row in the council table and the regional total.
    const table = (name: string) => {
      const [header, ...rows] = files[`${version}/${name}.csv`]!.trim().split('\n');
      const cols = header!.split(',');
      return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i]!, v])));
    };
    const byAge = table('placement-by-age');
    expect(byAge.length).toBeGreaterThan(40);
    const total = byAge.find((f) => f['placement_category'] === 'Total' && f['age_band'] === 'Total');
    expect(Number(total?.['children_count'])).toBeGreaterThan(CANARIES.length);
    expect(
      table('council-by-placement').some((f) => f['new_la_code'] === A.code && /^[1-9]\d*$/.test(f['children_count']!)),
    ).toBe(true);
    const json = JSON.parse(files[`${version}.json`]!) as { version: number; councils: string[]; tables: unknown[] };
    expect(json).toMatchObject({ version, councils: [A.code] });
    expect(json.tables).toHaveLength(3);
    expect(files['latest.json']).toBe(files[`${version}.json`]);
    for (const t of tables) expect(files[`latest/${t}.csv`]).toBe(files[`${version}/${t}.csv`]);
    const hits = needles().flatMap((n) =>
      Object.entries(files)
        .filter(([, text]) => text.includes(n))
        .map(([name]) => `${n} in ${name}`),
    );
    expect(hits).toEqual([]);
  });

  it('fuzzed events to the analytics consumer: it lives, writes nothing, and dead-letters each with a reason', async () => {
    const kafka = testKafka('fuzz');
    const analyticsDb = region.databases['analytics']!.url;
    const processedBefore = await sql<{ n: number }>(
      analyticsDb,
      `SELECT count(*)::int AS n FROM inbox WHERE outcome = 'processed'`,
    );
    const valid = {
      id: '6f1c2b8e-0d7a-4c3b-9a51-2f4e8d9c1a00',
      type: 'council.need-snapshot',
      version: 1,
      occurredAt: '2026-01-01T00:00:00.000Z',
      producer: 'fuzz',
      tenant: B.code,
      key: B.code,
      payload: { councilCode: B.code, asAt: '2021-03-31', total: 1, cells: [] },
    };
    const envelopeJunk = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      // A valid-looking envelope with one field broken. (Its payload breaks the contract too: total 1, no cells.) A
      // well-formed but unknown `type` is another consumer's event and is skipped by design, so `type` only gets
      // values that are not strings.
      fc
        .oneof(
          fc.record({
            field: fc.constantFrom(...Object.keys(valid).filter((k) => k !== 'type')),
            value: fc.jsonValue(),
          }),
          fc.record({ field: fc.constant('type'), value: fc.oneof(fc.integer(), fc.constant(null), fc.object()) }),
        )
        .map(({ field, value }) => JSON.stringify({ ...valid, id: crypto.randomUUID(), [field]: value })),
      // A valid envelope whose payload is junk.
      fc.jsonValue().map((payload) => JSON.stringify({ ...valid, id: crypto.randomUUID(), payload })),
    );
    const poison = fc.sample(envelopeJunk, { numRuns: 200, seed: 1123 });
    // B's own need topic (ADR 0035); unsigned, so each is refused for its contract or for having no signature.
    const topic = `${region.prefix}${councilTopic(TOPICS.councilNeed, B.code)}`;
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: poison.map((value, i) => ({ key: `fuzz-${i}`, value })) });
    await producer.disconnect();

    const dlt = kafka.consumer({ groupId: `${region.prefix}fuzz-dlt` });
    await dlt.connect();
    await dlt.subscribe({ topic: `${region.prefix}${deadLetterTopic(TOPICS.councilNeed)}`, fromBeginning: true });
    const dead = new Map<string, string>();
    await dlt.run({
      eachMessage: async ({ message }) => {
        const key = message.key?.toString() ?? '';
        if (key.startsWith('fuzz-')) dead.set(key, message.headers?.['dlt-reason']?.toString() ?? '');
      },
    });
    await waitFor(async () => dead.size >= poison.length, `${poison.length} dead letters`, 120_000).catch(
      () => undefined,
    );
    await dlt.disconnect();
    const analytics = region.services.find((s) => s.name === 'analytics')!;
    expect((await fetch(`${analytics.url}/health`)).ok).toBe(true);
    const missing = poison.map((_, i) => `fuzz-${i}`).filter((k) => !dead.has(k));
    expect(missing.map((k) => `${k}: ${poison[Number(k.slice(5))]!.slice(0, 100)}`)).toEqual([]);
    expect([...dead.values()].filter((reason) => reason.length < 10)).toEqual([]);
    // Nothing was applied: the analytics inbox holds no new processed event.
    const processedAfter = await sql<{ n: number }>(
      analyticsDb,
      `SELECT count(*)::int AS n FROM inbox WHERE outcome = 'processed'`,
    );
    expect(processedAfter[0]!.n).toBe(processedBefore[0]!.n);
  });
});
