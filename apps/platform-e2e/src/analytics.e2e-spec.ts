import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Producer } from 'kafkajs';
import {
  CapacityChangedV1Event,
  ContractAwardedV1Event,
  ContractPeriodClosedV1Event,
  createEnvelope,
  PlacementStartedV1Event,
  ReferralClosedV1Event,
  ReferralOpenedV2Event,
  SettingChangedV1Event,
  UnmetNeedV1Event,
  type EventDefinition,
} from '@rcc/contracts';
import { Intruder, type PublishedValue, type Range } from '@rcc/disclosure';
import { repoRoot } from '@rcc/platform';
import { sql, startRegion, waitFor, type TestRegion, testEventRecord, testKafka } from '@rcc/testing';
import { snapshotArrived } from './fixtures/analytics.js';

/**
 * Analytics end to end: two councils import the sample SSDA903 returns through the gateway; the hub publishes the
 * demand profile as at one date, then again when the second council's snapshot for that date arrives (a revision);
 * providers and the public read both versions (and the open data files) with `c` and `z` markers, and an intruder
 * who solves both versions together recovers nothing small. Registry and commissioning events go straight to the
 * real broker (those services are built elsewhere); gaps, prices and utilisation answer the hub and councils only.
 */
const STAFFS = { code: 'E10000028', name: 'Staffordshire' };
const STOKE = { code: 'E06000021', name: 'Stoke-on-Trent' };
const AS_AT = '2020-03-31';
const MIN_COUNT = 6;

const sample = (year: string) =>
  ['header', 'episodes'].map((t) => ({
    name: `${year}-${t}.csv`,
    content: readFileSync(join(repoRoot(), 'infra/demo/ssda903', `${year}-${t}.csv`), 'utf8'),
  }));

type Count = { display: string; count: number | null; marker: string | null };
type Table = {
  name: string;
  columnKeys: string[];
  rows: { key: string; values: Count[]; total: Count }[];
  columnTotals: Count[];
  total: Count;
};
type Version = {
  version: number;
  asAt: string;
  revision: number;
  councils: string[];
  notContributing: string[];
  openDataPath: string;
  tables: Table[];
};
const VERSION_FIELDS = `version asAt revision councils notContributing openDataPath
  tables { name columnKeys rows { key values { display count marker } total { display count marker } }
           columnTotals { display count marker } total { display count marker } }`;

// The intruder knows a `z` (a council with no return for the date) contributes 0.
const asPublished = (c: Count): PublishedValue =>
  c.count !== null || c.display === 'z'
    ? { kind: 'count', value: c.count ?? 0 }
    : { kind: 'marker', marker: 'c', reason: c.marker ?? '' };
const grid = (t: Table): PublishedValue[][] => [
  ...t.rows.map((r) => [...r.values, r.total].map(asPublished)),
  [...t.columnTotals, t.total].map(asPublished),
];
const safe = (range: Range, value: number) =>
  range.max - range.min >= 2 * MIN_COUNT ||
  (value > 0 ? range.min <= 1 && range.max >= MIN_COUNT - 1 : range.min <= -(MIN_COUNT - 1) && range.max >= -1);

describe('analytics: published profile versions, open data, gaps and prices through the gateway', () => {
  let region: TestRegion;
  let producer: Producer;
  const tokens: Record<string, string> = {};
  const analyticsHost = () => region.subgraphUrls['analytics']!.replace(/\/graphql$/, '');

  const send = async <P extends object>(
    definition: EventDefinition<P>,
    key: string,
    payload: P,
    tenant: string | null = null,
  ) => {
    const envelope = createEnvelope(definition, { producer: 'e2e', tenant, key, payload });
    await producer.send(
      testEventRecord(region.prefix, { topic: definition.topic, key, value: JSON.stringify(envelope) }),
    );
    return envelope;
  };

  beforeAll(async () => {
    region = await startRegion({ councils: [STAFFS, STOKE], minCount: MIN_COUNT });
    tokens['hub'] = await region.token({ subject: 'hub-1', roles: ['hub.commissioner'] });
    tokens['staffs'] = await region.token({ subject: 'a-staffs', roles: ['council.analyst'], council: STAFFS.code });
    tokens['provider'] = await region.token({ subject: 'p-1', roles: ['provider.user'], provider: randomUUID() });
    tokens['public'] = await region.token({ subject: 'anyone', roles: ['public'] });
    const kafka = testKafka('e2e-analytics');
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await region?.stop();
  });

  const importAt = async (council: typeof STAFFS, year: string, t: string) => {
    const result = await region.gql<{ importSsda903: { snapshotAsAt: string; snapshotTotal: number } }>(
      `mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { snapshotAsAt snapshotTotal } }`,
      t,
      { input: { files: sample(year), asAt: AS_AT } },
    );
    expect(result.errors).toBeUndefined();
    await snapshotArrived(region, council, AS_AT, 90_000);
  };
  const publish = (t: string) =>
    region.gql<{ publishDemandProfile: Version }>(
      `mutation($asAt: String!) { publishDemandProfile(asAt: $asAt) { ${VERSION_FIELDS} } }`,
      t,
      { asAt: AS_AT },
    );

  it('publishes a first version from one council, then a revision when the second council reports the same date', async () => {
    const stokeToken = await region.token({ subject: 'a-stoke', roles: ['council.analyst'], council: STOKE.code });
    await importAt(STOKE, '2020', stokeToken);

    // Only the hub publishes.
    for (const who of ['provider', 'public', 'staffs'] as const) {
      const refused = await publish(tokens[who]!);
      expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    }
    const first = await publish(tokens['hub']!);
    expect(first.errors).toBeUndefined();
    expect(first.data!.publishDemandProfile).toMatchObject({
      version: 1,
      asAt: AS_AT,
      revision: 1,
      councils: [STOKE.code],
      notContributing: [STAFFS.code],
    });
    // Nothing new to publish: the same version comes back.
    expect((await publish(tokens['hub']!)).data!.publishDemandProfile.version).toBe(1);

    await importAt(STAFFS, '2021', tokens['staffs']!);
    const second = await publish(tokens['hub']!);
    expect(second.errors).toBeUndefined();
    expect(second.data!.publishDemandProfile).toMatchObject({ version: 2, revision: 2, notContributing: [] });
    const [event] = await sql<{ n: string }>(
      region.databases['analytics']!.url,
      `SELECT count(*) AS n FROM outbox WHERE event_type = 'analytics.profile-published.v1'`,
    );
    expect(Number(event!.n)).toBe(2);
    // Published versions are immutable, in the database itself.
    await expect(sql(region.databases['analytics']!.url, 'UPDATE published_profile SET min_count = 1')).rejects.toThrow(
      /immutable/,
    );
  });

  it('lets providers and the public read every version with c and z markers, and an intruder solving both recovers nothing small', async () => {
    const read = async (t?: string) =>
      region.gql<{ publishedDemandProfiles: Version[] }>(`{ publishedDemandProfiles { ${VERSION_FIELDS} } }`, t);
    const anonymous = await read();
    expect(anonymous.errors).toBeUndefined();
    const versions = (await read(tokens['provider'])).data!.publishedDemandProfiles;
    expect((await read(tokens['public'])).data!.publishedDemandProfiles).toEqual(versions);
    expect(anonymous.data!.publishedDemandProfiles).toEqual(versions);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);

    const [v1, v2] = versions as [Version, Version];
    const councilTable = (v: Version) => v.tables.find((t) => t.name === 'council-by-placement')!;
    expect(
      councilTable(v1)
        .rows.find((r) => r.key === STAFFS.code)!
        .values.every((c) => c.display === 'z'),
    ).toBe(true);
    expect(v2.tables.flatMap((t) => t.rows.flatMap((r) => r.values)).some((c) => c.marker === 'c')).toBe(true);

    // The truth, pooled independently from the snapshots analytics stored.
    const truth = new Map<string, number>(); // `${version}/${category}/${ageBand}` and `${version}/${council}/${category}`
    const rows = await sql<{ council_code: string; cells: { category: string; ageBand: string; count: number }[] }>(
      region.databases['analytics']!.url,
      'SELECT council_code, cells FROM need_snapshot WHERE as_at = $1',
      [AS_AT],
    );
    for (const [v, councils] of [
      [1, [STOKE.code]],
      [2, [STOKE.code, STAFFS.code]],
    ] as const) {
      for (const row of rows.filter((r) => (councils as readonly string[]).includes(r.council_code))) {
        for (const c of row.cells) {
          const add = (k: string) => truth.set(k, (truth.get(k) ?? 0) + c.count);
          add(`${v}/${c.category}/${c.ageBand}`);
          add(`${v}/${row.council_code}/${c.category}`);
        }
      }
    }
    const intruder = new Intruder();
    for (const v of versions) {
      for (const t of v.tables) intruder.see(`${t.name}#${v.version}`, grid(t));
      const ages = v.tables.find((t) => t.name === 'placement-by-age')!;
      const councils = councilTable(v);
      ages.rows.forEach((_, k) =>
        intruder.same(
          [`placement-by-age#${v.version}`, k, ages.columnKeys.length],
          [`council-by-placement#${v.version}`, councils.rows.length, k],
        ),
      );
    }
    for (const name of ['placement-by-age', 'council-by-placement', 'referrals-by-age'])
      intruder.additive(`${name}#1`, `${name}#2`);

    let checked = 0;
    const ages = v2.tables.find((t) => t.name === 'placement-by-age')!;
    ages.rows.forEach((row, r) =>
      ages.columnKeys.forEach((age, c) => {
        const x1 = truth.get(`1/${row.key}/${age}`) ?? 0;
        const x2 = truth.get(`2/${row.key}/${age}`) ?? 0;
        for (const [version, x] of [
          [1, x1],
          [2, x2],
        ] as const) {
          const shown = grid(versions[version - 1]!.tables.find((t) => t.name === 'placement-by-age')!)[r]![c]!;
          if (shown.kind === 'count') expect(shown.value).toBe(x);
          if (x > 0 && x < MIN_COUNT) {
            const range = intruder.range(`placement-by-age#${version}`, r, c);
            expect({ at: `${row.key}/${age}`, version, x, range, safe: safe(range, x) }).toMatchObject({ safe: true });
            checked += 1;
          }
        }
        const d = x2 - x1;
        if (d > 0 && d < MIN_COUNT) {
          const range = intruder.range('placement-by-age#2', r, c, 'placement-by-age#1');
          expect({ at: `${row.key}/${age}`, change: d, range, safe: safe(range, d) }).toMatchObject({ safe: true });
          checked += 1;
        }
      }),
    );
    expect(checked).toBeGreaterThan(0);

    // The trend is the protected totals of the latest version of each date.
    const trend = await region.gql<{ demandTrend: { asAt: string; version: number; total: Count }[] }>(
      '{ demandTrend { asAt version total { display count } } }',
      tokens['public'],
    );
    expect(trend.data!.demandTrend).toEqual([{ asAt: AS_AT, version: 2, total: expect.anything() }]);
  });

  it('serves the open data files from analytics: one EES CSV and metadata file per table, DfE symbols, and JSON', async () => {
    const base = `${analyticsHost()}/open-data/demand-profile`;
    const listing = (await (await fetch(`${base}/1`)).json()) as {
      tables: { name: string; csv: string; meta: string }[];
    };
    expect(listing.tables.map((t) => t.csv)).toEqual([
      '/open-data/demand-profile/1/placement-by-age.csv',
      '/open-data/demand-profile/1/council-by-placement.csv',
      '/open-data/demand-profile/1/referrals-by-age.csv',
    ]);
    const cells: string[][] = [];
    for (const t of listing.tables) {
      const csv = await fetch(`${analyticsHost()}${t.csv}`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="demand-profile-v1-${t.name}.csv"`);
      const lines = (await csv.text()).trim().split('\n');
      expect(lines[0]!.split(',').slice(0, 7)).toEqual([
        'time_period',
        'time_identifier',
        'geographic_level',
        'country_code',
        'country_name',
        'region_code',
        'region_name',
      ]);
      cells.push(...lines.slice(1).map((l) => l.split(',')));
      const meta = await (await fetch(`${analyticsHost()}${t.meta}`)).text();
      expect(meta.split('\n')[0]).toBe(
        'col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column',
      );
    }
    expect(cells.some((c) => c.at(-1) === 'c')).toBe(true);
    // Staffordshire (DfE LA 860) had no return for the date: its figures are not applicable.
    const staffs = cells.filter((c) => c[8] === STAFFS.code);
    expect(staffs.length).toBeGreaterThan(0);
    expect(staffs.every((c) => c[2] === 'Local authority' && c[7] === '860' && c.at(-1) === 'z')).toBe(true);
    const latest = (await (await fetch(`${base}/latest.json`)).json()) as Version;
    expect(latest.version).toBe(2);
    const gone = await fetch(`${base}/1.csv`);
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { message: string }).message).toMatch(/\/open-data\/demand-profile\/1$/);
    expect((await fetch(`${base}/99/placement-by-age.csv`)).status).toBe(404);
    expect((await fetch(`${base}/1/nothing.csv`)).status).toBe(404);
    expect((await fetch(`${base}/..%2Fetc.csv`)).status).toBe(404);
  });

  it('pools registry, council and commissioning events into gaps, locality, unmet referrals, prices and utilisation', async () => {
    const provider = randomUUID();
    const staffsHome = 'SC100001';
    const stokeHome = 'SC100002';
    const fostering = 'SC100003';
    for (const [urn, la, type, category] of [
      [staffsHome, STAFFS.code, 'childrens-home', 'residential'],
      [stokeHome, STOKE.code, 'childrens-home', 'residential'],
      [fostering, STAFFS.code, 'independent-fostering-agency', 'fostering'],
    ] as const) {
      await send(SettingChangedV1Event, provider, {
        urn,
        providerId: provider,
        change: 'new',
        settingType: type,
        placementCategory: category,
        registrationStatus: 'registered',
        localAuthorityCode: la,
        registeredPlaces: 4,
        changedFields: [],
      });
    }
    const capacity = (urn: string, la: string, vacancies: number, reason: 'declared' | 'expired') =>
      send(CapacityChangedV1Event, provider, {
        urn,
        providerId: provider,
        settingType: 'childrens-home',
        placementCategory: 'residential',
        localAuthorityCode: la,
        vacancies,
        ageBands: ['10-15', '16-plus'],
        canMeet: ['emotional-behavioural'],
        declaredAt: new Date().toISOString(),
        availableUntil: '2099-12-31',
        reason,
      });
    await capacity(staffsHome, STAFFS.code, 2, 'declared');
    await capacity(stokeHome, STOKE.code, 0, 'expired'); // stale: never counted as supply

    const referral = (council: string, category: 'fostering' | 'residential') => ({
      referralId: randomUUID(),
      councilCode: council,
      kind: 'planned' as const,
      startBy: '2099-01-01',
      ageBand: '10-15' as const,
      sex: 'female' as const,
      siblings: 0,
      localities: ['ST4 2'],
      closeToFamily: true,
      mustStayAtSchool: false,
      suitability: {
        fostering: category === 'fostering' ? ('preferred' as const) : ('unsuitable' as const),
        residential: category === 'residential' ? ('preferred' as const) : ('suitable' as const),
        supported: 'unsuitable' as const,
      },
      ratio: 'standard' as const,
      risksToChild: [],
      risksToOthers: [],
      support: [],
      needs: ['emotional-behavioural' as const],
    });
    // Prices: five residential spot placements by Staffordshire and one by Stoke; a fostering framework one.
    const spot = [380_000, 420_000, 450_000, 500_000, 2_000_000, 460_000];
    const placed: { council: string; pence: number; urn: string; route: 'spot' | 'framework-call-off' }[] = [
      ...spot.map((pence, i) => ({
        council: i < 5 ? STAFFS.code : STOKE.code,
        pence,
        urn: staffsHome,
        route: 'spot' as const,
      })),
      { council: STAFFS.code, pence: 95_000, urn: fostering, route: 'framework-call-off' },
    ];
    for (const p of placed) {
      const opened = referral(p.council, p.urn === fostering ? 'fostering' : 'residential');
      await send(ReferralOpenedV2Event, p.council, opened, p.council);
      await send(
        ReferralClosedV1Event,
        p.council,
        {
          referralId: opened.referralId,
          councilCode: p.council,
          outcome: 'placed',
          route: p.route,
          weeklyCostPence: p.pence,
          settingUrn: p.urn,
          reasons: [],
        },
        p.council,
      );
    }
    // Two referrals still open (residential), one of which the registry reports unmet.
    const open = [referral(STOKE.code, 'residential'), referral(STOKE.code, 'residential')];
    for (const r of open) await send(ReferralOpenedV2Event, STOKE.code, r, STOKE.code);
    const {
      councilCode: _c,
      startBy: _s,
      closeToFamily: _f,
      mustStayAtSchool: _m,
      risksToChild: _r,
      ...profile
    } = open[0]!;
    await send(UnmetNeedV1Event, STOKE.code, {
      ...profile,
      councilCode: STOKE.code,
      trigger: 'no-offer-in-window',
      risksToChild: [],
      eligibleSettings: 3,
      notifiedProviders: 2,
      declines: [
        { reason: 'no-vacancy', count: 1 },
        { reason: 'cannot-meet-needs', count: 1 },
      ],
      councilReasons: [],
    });
    // Placements: Stoke places a child in Staffordshire's area (out of area; Staffordshire's supply used by others).
    const contractId = randomUUID();
    await send(
      PlacementStartedV1Event,
      STOKE.code,
      {
        placementId: randomUUID(),
        councilCode: STOKE.code,
        childPseudonym: 'a'.repeat(64),
        settingUrn: staffsHome,
        route: 'block',
        contractId,
        placementCategory: 'residential',
        startDate: '2024-01-10',
        weeklyCostPence: 450_000,
      },
      STOKE.code,
    );
    await send(ContractAwardedV1Event, contractId, {
      contractId,
      providerId: provider,
      settingUrns: [staffsHome],
      placementCategory: 'residential',
      beds: 2,
      weeklyPricePerBedPence: 450_000,
      startDate: '2024-01-01',
      endDate: '2099-12-31',
      shares: [
        { councilCode: STAFFS.code, basisPoints: 5_000 },
        { councilCode: STOKE.code, basisPoints: 5_000 },
      ],
    });
    await send(ContractPeriodClosedV1Event, contractId, {
      contractId,
      period: '2024-01',
      placementCategory: 'residential',
      bedNights: 62,
      occupiedBedNights: 22,
      voidBedNights: 40,
      costPence: 7_970_000,
      voidCostPence: 5_142_858,
      councils: [
        {
          councilCode: STAFFS.code,
          committedPence: 3_985_000,
          occupiedPence: 0,
          voidSharePence: 2_571_429,
          rechargesInPence: 1_414_286,
          rechargesOutPence: 0,
        },
        {
          councilCode: STOKE.code,
          committedPence: 3_985_000,
          occupiedPence: 2_828_571,
          voidSharePence: 2_571_429,
          rechargesInPence: 0,
          rechargesOutPence: 1_414_286,
        },
      ],
    });
    const db = region.databases['analytics']!.url;
    await waitFor(
      async () => {
        const [r] = await sql<{ referrals: string; periods: string; capacity: string; placements: string }>(
          db,
          `SELECT (SELECT count(*) FROM market_referral WHERE unmet_at IS NOT NULL OR closed_at IS NOT NULL) AS referrals,
                  (SELECT count(*) FROM market_contract_period) AS periods,
                  (SELECT count(*) FROM market_capacity) AS capacity,
                  (SELECT count(*) FROM market_placement) AS placements`,
        );
        return (
          Number(r!.referrals) === placed.length + 1 &&
          r!.periods === '1' &&
          r!.capacity === '2' &&
          r!.placements === '1'
        );
      },
      'analytics to take in the market events',
      90_000,
    );

    const Q = `{
      sufficiencyGaps { council byCategory { placementCategory openReferrals unmetReferrals declaredVacancies blockBeds vacantBlockBeds shortfall }
                        byNeed { need openReferrals vacanciesAbleToMeet } byLocality { localAuthorityCode placementCategory declaredVacancies } }
      placementLocality { placingCouncils { councilCode inArea outOfArea } hostCouncils { localAuthorityCode byOwnChildren byOtherCouncils } }
      unmetReferrals { total declineReasons { reason count } byNeed { reason count } }
      priceDistributions { placementCategory route n lowerQuartilePence medianPence upperQuartilePence withheld }
      blockContractUtilisation { contractId beds bedNights occupiedBedNights voidBedNights utilisation voidCostPence councils { councilCode voidSharePence } }
    }`;
    for (const who of ['provider', 'public'] as const) {
      const refused = await region.gql(Q, tokens[who]);
      expect(refused.data ?? null).toBeNull();
      expect(refused.errors?.every((e) => e.extensions?.['code'] === 'FORBIDDEN')).toBe(true);
    }
    const hub = await region.gql<{
      sufficiencyGaps: { byCategory: Record<string, number | string>[]; byNeed: Record<string, number | string>[] };
      placementLocality: {
        placingCouncils: Record<string, number | string>[];
        hostCouncils: Record<string, number | string>[];
      };
      unmetReferrals: { total: number; declineReasons: { reason: string; count: number }[] };
      priceDistributions: Record<string, number | string | null>[];
      blockContractUtilisation: Record<string, unknown>[];
    }>(Q, tokens['hub']);
    expect(hub.errors).toBeUndefined();
    const d = hub.data!;
    expect(d.sufficiencyGaps.byCategory.find((c) => c['placementCategory'] === 'residential')).toEqual({
      placementCategory: 'residential',
      openReferrals: 1,
      unmetReferrals: 1,
      declaredVacancies: 2, // the expired declaration counts for nothing; registered places never count
      blockBeds: 2,
      vacantBlockBeds: 1,
      shortfall: 0,
    });
    expect(d.sufficiencyGaps.byNeed.find((n) => n['need'] === 'emotional-behavioural')).toEqual({
      need: 'emotional-behavioural',
      openReferrals: 1,
      vacanciesAbleToMeet: 2,
    });
    expect(d.placementLocality.placingCouncils).toEqual([
      { councilCode: STAFFS.code, inArea: 0, outOfArea: 0 },
      { councilCode: STOKE.code, inArea: 0, outOfArea: 1 },
    ]);
    expect(d.placementLocality.hostCouncils).toContainEqual({
      localAuthorityCode: STAFFS.code,
      byOwnChildren: 0,
      byOtherCouncils: 1,
    });
    expect(d.unmetReferrals.total).toBe(1);
    expect(d.unmetReferrals.declineReasons).toEqual([
      { reason: 'no-vacancy', count: 1 },
      { reason: 'cannot-meet-needs', count: 1 },
    ]);
    // Type 7 quartiles of 380000, 420000, 450000, 460000, 500000, 2000000: 427500, 455000, 490000.
    expect(d.priceDistributions).toContainEqual({
      placementCategory: 'residential',
      route: 'spot',
      n: 6,
      lowerQuartilePence: 427_500,
      medianPence: 455_000,
      upperQuartilePence: 490_000,
      withheld: null,
    });
    expect(d.blockContractUtilisation).toEqual([
      {
        contractId,
        beds: 2,
        bedNights: 62,
        occupiedBedNights: 22,
        voidBedNights: 40,
        utilisation: 22 / 62,
        voidCostPence: 5_142_858,
        councils: [
          // ordered by ONS code
          { councilCode: STOKE.code, voidSharePence: 2_571_429 },
          { councilCode: STAFFS.code, voidSharePence: 2_571_429 },
        ],
      },
    ]);

    // A council sees the region and its own detail; another council's detail is refused.
    const own = await region.gql<{
      priceDistributions: Record<string, unknown>[];
      blockContractUtilisation: { councils: { councilCode: string }[] }[];
    }>(
      `{ priceDistributions(council: "${STAFFS.code}") { route n medianPence withheld }
         blockContractUtilisation { councils { councilCode } } }`,
      tokens['staffs'],
    );
    expect(own.errors).toBeUndefined();
    expect(own.data!.priceDistributions).toContainEqual({ route: 'spot', n: 5, medianPence: 450_000, withheld: null });
    expect(own.data!.blockContractUtilisation[0]!.councils).toEqual([{ councilCode: STAFFS.code }]);
    // The fostering price pools one placement of Staffordshire's own: shown to Staffordshire; pooled regionally with
    // fewer than the threshold, a council would see it withheld only if another council's placement were in it.
    const other = await region.gql(`{ sufficiencyGaps(council: "${STOKE.code}") { council } }`, tokens['staffs']);
    expect(other.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});
