import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Producer } from 'kafkajs';
import { createEnvelope, ReferralResponseV1Event, TOPICS, type ReferralResponseV1 } from '@rcc/contracts';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import { councilTopic } from '@rcc/messaging';
import {
  baseEnv,
  sql,
  startService,
  waitFor,
  type SpawnedService,
  type TestDatabase,
  testToken,
  testEventRecord,
  testKafka,
  openReferralInput,
  type ReferralOverrides,
} from '@rcc/testing';
import { childPseudonym } from './platform/pseudonym.js';

/**
 * The council's side of the marketplace and the ledger, on real PostgreSQL and Kafka: providers' answers arrive from
 * the broker (only this council's are kept), an offer is accepted into a placement, the placement starts and ends, and
 * every event that leaves carries a keyed pseudonym, never the child, and only under the sharing agreement.
 */
const COUNCIL = 'E10000028';
const OTHER = 'E06000021';
const CHILD = '62551'; // in infra/demo/ssda903/2021-header.csv, born 18/03/2005

const demoFiles = ['header', 'episodes'].map((t) => ({
  name: `2021-${t}.csv`,
  content: readFileSync(join(repoRoot(), 'infra/demo/ssda903', `2021-${t}.csv`), 'utf8'),
}));

/** An emergency referral for the demo child, at risk of going missing, needing one adult to itself. */
const referralInput = (overrides: ReferralOverrides = {}) =>
  openReferralInput(CHILD, {
    kind: 'emergency',
    startBy: '2022-04-01',
    ratio: '1:1',
    risksToChild: [{ risk: 'going-missing', level: 'high' }],
    ...overrides,
  });

const REFERRAL_FIELDS = `id status needs responses { responseId providerName settingUrn response weeklyPricePence startDate
  declineReason registrationFlag } placement { placementId settingUrn weeklyCostPence route placementCategory contractId
  startDate endDate }`;

interface ReferralView {
  id: string;
  status: string;
  needs: string[];
  responses: { responseId: string; response: string; weeklyPricePence: number | null; settingUrn: string }[];
  placement: {
    placementId: string;
    settingUrn: string;
    weeklyCostPence: number;
    route: string;
    placementCategory: string;
    contractId: string | null;
    startDate: string;
    endDate: string | null;
  } | null;
}

const startCouncil = (sharing: string, prefix: string, commissioningUrl?: string) =>
  startService('council', 'council_referrals', {
    topicPrefix: prefix,
    env: {
      COUNCIL_CODE: COUNCIL,
      COUNCIL_NAME: 'Staffordshire',
      RCC_SHARING: sharing,
      ...(commissioningUrl ? { RCC_COMMISSIONING_URL: commissioningUrl } : {}),
    },
  });

/** The hub's commissioning service, which accepts or refuses block placements (ADR 40). */
const startCommissioning = (prefix: string) =>
  startService('commissioning', 'council_referrals_commissioning', {
    topicPrefix: prefix,
    env: { RCC_REGION_COUNCILS: `${COUNCIL},${OTHER}` },
  });

describe('council referrals: offers from the marketplace, placements for the ledger', () => {
  const prefix = `cr${randomUUID().slice(0, 8)}.`;
  let db: TestDatabase;
  let council: SpawnedService;
  let commissioningDb: TestDatabase;
  let commissioning: SpawnedService;
  let hub: string;
  let producer: Producer;
  let placements: string;
  let analyst: string;
  const call = <T>(query: string, variables: Record<string, unknown> = {}, token = placements) =>
    graphqlRequest<T>(council.graphqlUrl, query, { token, variables });
  const outbox = async (type: string) =>
    (
      await sql<{ envelope: { payload: Record<string, unknown> } }>(
        db.url,
        'SELECT envelope FROM outbox WHERE event_type = $1 ORDER BY seq',
        [type],
      )
    ).map((r) => r.envelope);
  const respond = async (fields: Partial<ReferralResponseV1> & Pick<ReferralResponseV1, 'referralId'>) => {
    const payload: ReferralResponseV1 = {
      responseId: randomUUID(),
      councilCode: COUNCIL,
      providerId: randomUUID(),
      providerName: 'Hillside Homes Ltd',
      settingUrn: 'SC123456',
      settingType: 'childrens-home',
      response: 'offer',
      weeklyPricePence: 612_345,
      startDate: '2022-04-04',
      registrationFlag: false,
      respondedAt: new Date().toISOString(),
      ...fields,
    };
    const envelope = createEnvelope(ReferralResponseV1Event, {
      producer: 'registry',
      tenant: null,
      key: payload.councilCode,
      payload,
    });
    const record = testEventRecord(prefix, {
      topic: TOPICS.registryReferralResponse,
      key: envelope.key,
      value: JSON.stringify(envelope),
    });
    // Always onto this council's own topic: on the broker another council's answers go to that council's topic,
    // which this instance neither reads nor may read (ADR 35); here one is misrouted, and the instance drops it.
    await producer.send({ ...record, topic: `${prefix}${councilTopic(TOPICS.registryReferralResponse, COUNCIL)}` });
    return payload;
  };
  /** One referral, read by its id (as the web's referral pages read it): that one and no other. */
  const referral = async (id: string) => {
    const { councilReferrals } = (
      await call<{ councilReferrals: ReferralView[] }>(
        `query($id: ID) { councilReferrals(id: $id) { ${REFERRAL_FIELDS} } }`,
        { id },
      )
    ).data!;
    expect(councilReferrals.map((r) => r.id)).toEqual([id]);
    return councilReferrals[0]!;
  };
  /** A one-bed block contract for this council, May to July 2022, recorded by the hub in commissioning. */
  const oneBedContract = async () => {
    const made = await graphqlRequest<{ createBlockContract: { id: string } }>(
      commissioning.graphqlUrl,
      `mutation($input: CreateBlockContractInput!) { createBlockContract(input: $input) { id } }`,
      {
        token: hub,
        variables: {
          input: {
            idempotencyKey: `council-test-${randomUUID()}`,
            name: 'One-bed block',
            providerId: randomUUID(),
            settingUrns: ['SC999999'],
            placementCategory: 'residential',
            beds: 1,
            weeklyPricePerBedPence: 450_000,
            startDate: '2022-05-01',
            endDate: '2022-08-01',
            councils: [{ councilCode: COUNCIL, basisPoints: 10_000 }],
          },
        },
      },
    );
    expect(made.errors).toBeUndefined();
    return made.data!.createBlockContract.id;
  };
  const open = async (overrides: Record<string, unknown> = {}) => {
    const r = await call<{ openReferral: ReferralView }>(
      `mutation($input: OpenReferralInput!) { openReferral(input: $input) { ${REFERRAL_FIELDS} } }`,
      { input: referralInput(overrides) },
    );
    expect(r.errors).toBeUndefined();
    return r.data!.openReferral;
  };

  beforeAll(async () => {
    ({ db: commissioningDb, service: commissioning } = await startCommissioning(prefix));
    ({ db, service: council } = await startCouncil(
      'need-snapshot,referrals,placements',
      prefix,
      commissioning.graphqlUrl,
    ));
    hub = await testToken({ subject: 'hub', roles: ['hub.commissioner'] });
    placements = await testToken({ subject: 'placements-officer', roles: ['council.placements'], council: COUNCIL });
    analyst = await testToken({ subject: 'analyst', roles: ['council.analyst'], council: COUNCIL });
    const imported = await call(
      `mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { children } }`,
      { input: { files: demoFiles } },
      analyst,
    );
    expect(imported.errors).toBeUndefined();
    producer = testKafka('council-referrals-test').producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await council?.stop();
    await commissioning?.stop();
    await db?.drop();
    await commissioningDb?.drop();
  });

  it('opens a v2 referral carrying the needs the home must be registered for', async () => {
    const opened = await open();
    expect(opened).toMatchObject({ status: 'open', needs: ['emotional-behavioural'], responses: [] });
    const audited = await sql<{ subject: string; operation: string }>(
      db.url,
      `SELECT subject, operation FROM audit_log WHERE detail->>'id' = $1`,
      [opened.id],
    );
    expect(audited).toEqual([{ subject: 'placements-officer', operation: 'referral' }]);
    const [event] = await outbox('council.referral-opened.v2');
    expect(event!.payload).toMatchObject({ referralId: opened.id, needs: ['emotional-behavioural'] });
    const twice = await call(`mutation($input: OpenReferralInput!) { openReferral(input: $input) { id } }`, {
      input: referralInput({ needs: ['drugs', 'drugs'] }),
    });
    expect(twice.errors?.[0]?.message).toMatch(/listed twice/);
    const malformed = await call(`{ councilReferrals(id: "not-a-referral") { id } }`);
    expect(malformed.errors?.[0]?.message).toBe('id must be a referral id (a UUID)');
  });

  it("keeps providers' answers to its own referrals and drops other councils' unread", async () => {
    const { id } = (await call<{ councilReferrals: { id: string }[] }>('{ councilReferrals { id } }')).data!
      .councilReferrals[0]!;
    const offer = await respond({ referralId: id });
    const decline = await respond({
      referralId: id,
      response: 'decline',
      weeklyPricePence: undefined,
      startDate: undefined,
      declineReason: 'matching',
      settingUrn: 'SC654321',
    });
    const foreign = await respond({ referralId: id, councilCode: OTHER, settingUrn: 'SC777777' });
    // The same event delivered twice (a redelivery) has no second effect.
    await respond({ ...offer });
    const seen = await waitFor(async () => {
      const r = await referral(id);
      return r.responses.length === 2 ? r : undefined;
    }, 'two responses listed on the referral');
    expect(seen.responses.map((r) => [r.responseId, r.response, r.weeklyPricePence]).sort()).toEqual(
      [
        [offer.responseId, 'offer', 612_345],
        [decline.responseId, 'decline', null],
      ].sort(),
    );
    const stored = await sql<{ setting_urn: string }>(db.url, 'SELECT setting_urn FROM referral_response');
    expect(stored.map((s) => s.setting_urn).sort()).toEqual(['SC123456', 'SC654321']);
    expect(JSON.stringify(stored)).not.toContain(foreign.settingUrn);
  });

  it('accepts an offer into a placement at its setting, price and date, and tells the ledger by pseudonym only', async () => {
    const r = await referral(
      (await call<{ councilReferrals: { id: string }[] }>('{ councilReferrals { id } }')).data!.councilReferrals[0]!.id,
    );
    const offer = r.responses.find((x) => x.response === 'offer')!;
    const decline = r.responses.find((x) => x.response === 'decline')!;
    const ACCEPT = `mutation($input: AcceptOfferInput!) { acceptOffer(input: $input) { ${REFERRAL_FIELDS} } }`;
    expect(
      (await call(ACCEPT, { input: { responseId: decline.responseId, route: 'spot' } })).errors?.[0]?.message,
    ).toMatch(/is a decline/);
    expect(
      (await call(ACCEPT, { input: { responseId: offer.responseId, route: 'block' } })).errors?.[0]?.message,
    ).toMatch(/contractId is required/);
    const provider = await testToken({ subject: 'p', roles: ['provider.user'], provider: randomUUID() });
    expect(
      (await call(ACCEPT, { input: { responseId: offer.responseId, route: 'spot' } }, provider)).errors?.[0]
        ?.extensions?.['code'],
    ).toBe('FORBIDDEN');

    const accepted = await call<{ acceptOffer: ReferralView }>(ACCEPT, {
      input: { responseId: offer.responseId, route: 'framework-call-off' },
    });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.acceptOffer).toMatchObject({
      status: 'placed',
      placement: {
        settingUrn: 'SC123456',
        weeklyCostPence: 612_345,
        route: 'framework-call-off',
        placementCategory: 'residential',
        contractId: null,
        startDate: '2022-04-04',
        endDate: null,
      },
    });
    const [started] = await outbox('council.placement-started.v1');
    expect(started!.payload).toEqual({
      placementId: accepted.data!.acceptOffer.placement!.placementId,
      councilCode: COUNCIL,
      referralId: r.id,
      childPseudonym: childPseudonym(baseEnv()['RCC_PSEUDONYM_KEY']!, COUNCIL, CHILD),
      settingUrn: 'SC123456',
      route: 'framework-call-off',
      placementCategory: 'residential',
      startDate: '2022-04-04',
      weeklyCostPence: 612_345,
    });
    const everything = JSON.stringify(await sql(db.url, 'SELECT envelope FROM outbox'));
    for (const identifying of [`"${CHILD}"`, '2005-03-18', '18/03/2005', 'R084010198416', 'H5 1QW', 'W11 2OA']) {
      expect(everything).not.toContain(identifying);
    }
  });

  it('ends a placement once, never before it started', async () => {
    const placed = (
      await call<{ councilReferrals: ReferralView[] }>(`{ councilReferrals(status: "placed") { ${REFERRAL_FIELDS} } }`)
    ).data!.councilReferrals[0]!;
    const END = `mutation($input: EndPlacementInput!) { endPlacement(input: $input) { ${REFERRAL_FIELDS} } }`;
    expect((await call(END, { input: { referralId: placed.id, endDate: '2022-04-03' } })).errors?.[0]?.message).toMatch(
      /The end date \(3 April 2022\) must not be before the placement started \(4 April 2022\)/,
    );
    const ended = await call<{ endPlacement: ReferralView }>(END, {
      input: { referralId: placed.id, endDate: '2022-06-30' },
    });
    expect(ended.data!.endPlacement.placement!.endDate).toBe('2022-06-30');
    expect(
      (await call(END, { input: { referralId: placed.id, endDate: '2022-07-01' } })).errors?.[0]?.extensions?.['code'],
    ).toBe('REFERRAL_CLOSED');
    expect((await outbox('council.placement-ended.v1')).map((e) => e.payload)).toEqual([
      { placementId: placed.placement!.placementId, councilCode: COUNCIL, endDate: '2022-06-30' },
    ]);
  });

  it('records a block placement the hub accepted, taking the category the referral preferred', async () => {
    const opened = await open({ childId: '185992', startBy: '2022-05-01' });
    const contractId = await oneBedContract();
    const RECORD = `mutation($input: RecordPlacementInput!) { recordPlacement(input: $input) { ${REFERRAL_FIELDS} } }`;
    const input = {
      referralId: opened.id,
      settingUrn: 'SC999999',
      weeklyCostPence: 450_000,
      route: 'block',
      startDate: '2022-05-02',
    };
    expect((await call(RECORD, { input })).errors?.[0]?.message).toMatch(/contractId is required/);
    // Issue 23 finding 6: an absurd weekly cost is a clear input error, not an internal one.
    const absurd = (await call(RECORD, { input: { ...input, contractId, weeklyCostPence: 2_147_483_647 } })).errors;
    expect(absurd?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(absurd?.[0]?.message).toMatch(/weeklyCostPence must be at most 100000000/);
    const placed = await call<{ recordPlacement: ReferralView }>(RECORD, { input: { ...input, contractId } });
    expect(placed.errors).toBeUndefined();
    expect(placed.data!.recordPlacement.placement).toMatchObject({ contractId, placementCategory: 'residential' });
    const starts = (await outbox('council.placement-started.v1')).map((e) => e.payload);
    expect(starts[1]).toMatchObject({
      contractId,
      route: 'block',
      childPseudonym: childPseudonym(baseEnv()['RCC_PSEUDONYM_KEY']!, COUNCIL, '185992'),
    });
    expect(starts[1]!['childPseudonym']).not.toBe(starts[0]!['childPseudonym']);
    // The hub's ledger holds the bed for this placement.
    const [held] = await sql<{ council_code: string }>(
      commissioningDb.url,
      'SELECT council_code FROM placement WHERE id = $1',
      [starts[1]!['placementId']],
    );
    expect(held).toEqual({ council_code: COUNCIL });
  });

  it('shows the hub’s refusal of a block placement (full, outside the term) and records nothing', async () => {
    const contractId = await oneBedContract();
    const RECORD = `mutation($input: RecordPlacementInput!) { recordPlacement(input: $input) { ${REFERRAL_FIELDS} } }`;
    const first = await open({ childId: '225242', startBy: '2022-05-01' });
    const base = { settingUrn: 'SC999999', weeklyCostPence: 450_000, route: 'block', contractId };
    expect(
      (await call(RECORD, { input: { ...base, referralId: first.id, startDate: '2022-05-03' } })).errors,
    ).toBeUndefined();
    const second = await open({ childId: '158853', startBy: '2022-05-01' });
    const startsBefore = (await outbox('council.placement-started.v1')).length;
    const full = (await call(RECORD, { input: { ...base, referralId: second.id, startDate: '2022-06-01' } }))
      .errors?.[0];
    expect(full?.extensions).toMatchObject({ code: 'BLOCK_PLACEMENT_REFUSED', details: { reason: 'FULL' } });
    expect(full?.message).toMatch(/no free bed on 1 June 2022/);
    const outside = (await call(RECORD, { input: { ...base, referralId: second.id, startDate: '2022-08-01' } }))
      .errors?.[0];
    expect(outside?.extensions).toMatchObject({ code: 'BLOCK_PLACEMENT_REFUSED', details: { reason: 'OUTSIDE_TERM' } });
    expect(await referral(second.id)).toMatchObject({ status: 'open', placement: null });
    expect(await outbox('council.placement-started.v1')).toHaveLength(startsBefore);
    // The first child leaves on 1 June: the bed is free at the hub at once, so the second child can have it.
    const END = `mutation($input: EndPlacementInput!) { endPlacement(input: $input) { id } }`;
    expect((await call(END, { input: { referralId: first.id, endDate: '2022-06-01' } })).errors).toBeUndefined();
    const placed = await call(RECORD, { input: { ...base, referralId: second.id, startDate: '2022-06-01' } });
    expect(placed.errors).toBeUndefined();
    expect(await referral(second.id)).toMatchObject({ status: 'placed', placement: { contractId } });
  });

  it('states its sharing agreement, and shares nothing the agreement leaves out', async () => {
    const agreement = await call<{ sharingAgreement: { dataset: string; shared: boolean }[] }>(
      '{ sharingAgreement { dataset shared data use } }',
      {},
      analyst,
    );
    expect(agreement.data!.sharingAgreement.map((f) => [f.dataset, f.shared])).toEqual([
      ['need-snapshot', true],
      ['referrals', true],
      ['placements', true],
    ]);

    const closed = await startCouncil('need-snapshot', `cr${randomUUID().slice(0, 8)}.`);
    try {
      const local = (q: string, variables: Record<string, unknown>, token = placements) =>
        graphqlRequest<Record<string, { id: string }>>(closed.service.graphqlUrl, q, { token, variables });
      await local(
        `mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { children } }`,
        { input: { files: demoFiles } },
        analyst,
      );
      const opened = await local(`mutation($input: OpenReferralInput!) { openReferral(input: $input) { id } }`, {
        input: referralInput(),
      });
      const placed = await local(`mutation($input: RecordPlacementInput!) { recordPlacement(input: $input) { id } }`, {
        input: {
          referralId: opened.data!['openReferral']!.id,
          settingUrn: 'SC999999',
          weeklyCostPence: 1,
          route: 'spot',
          startDate: '2022-04-01',
        },
      });
      expect(placed.errors).toBeUndefined();
      const types = await sql<{ event_type: string }>(closed.db.url, 'SELECT DISTINCT event_type FROM outbox');
      expect(types.map((t) => t.event_type).filter((t) => !t.startsWith('council.need-'))).toEqual([]);
    } finally {
      await closed.service.stop();
      await closed.db.drop();
    }
  });
});
