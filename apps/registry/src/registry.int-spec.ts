import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Producer } from 'kafkajs';
import { councilTopic } from '@rcc/messaging';
import { type Principal } from '@rcc/auth';
import {
  createEnvelope,
  ReferralChangedV1Event,
  ReferralClosedV1Event,
  ReferralOpenedV2Event,
  TenderOutcomeV1Event,
  TenderPublishedV1Event,
  ClarificationAnsweredV1Event,
  type EventDefinition,
  type ReferralChangedV1,
  type ReferralOpenedV2,
} from '@rcc/contracts';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import { parseProviderList } from './modules/provider-import/provider-list.js';
import { referralOpenedPayload, sql, testEventRecord, testToken, useService, waitFor, testKafka } from '@rcc/testing';

/**
 * The registry on real PostgreSQL and Kafka: provider-list imports (all or nothing, repeatable, changes by URN as
 * events), provider self-service, vacancy staleness, and the marketplace consuming councils' referral events.
 */
const COUNCIL = 'E10000028';
const demo = (name: string) => readFileSync(join(repoRoot(), 'infra/demo/providers', name));
const token = (p: Principal) => testToken(p);

const IMPORT = `mutation($input: ImportProvidersInput!) {
  importProviders(input: $input) { rows new changed closed unchanged rejected outOfScope providersCreated }
}`;

interface Summary {
  rows: number;
  new: number;
  changed: number;
  closed: number;
  unchanged: number;
  rejected: number;
  outOfScope: number;
  providersCreated: number;
}

describe('registry on real PostgreSQL and Kafka', () => {
  const prefix = `reg${randomUUID().slice(0, 8)}.`;
  const registry = useService('registry', 'registry', {
    topicPrefix: prefix,
    env: {
      RCC_REGION_COUNCILS: `${COUNCIL},E06000021`,
      RCC_VACANCY_STALE_SECONDS: '4',
      RCC_REFERRAL_WINDOW_SECONDS: '3',
      RCC_SWEEP_INTERVAL_SECONDS: '1',
    },
  });
  let producer: Producer;
  let hub: string;
  const gql = <T>(query: string, t?: string, variables?: Record<string, unknown>) =>
    graphqlRequest<T>(registry.graphqlUrl, query, { token: t, variables });
  /** A provider's answer to a referral: the referral, the setting, an offer or a decline, and its details. */
  const respond = (t: string, input: Record<string, unknown>) =>
    gql(`mutation($input: RespondToReferralInput!) { respondToReferral(input: $input) { id } }`, t, { input });
  const count = async (table: string, where = 'true') =>
    Number((await sql<{ n: string }>(registry.db.url, `SELECT count(*) AS n FROM ${table} WHERE ${where}`))[0]!.n);
  const importFiles = (files: { name: string; content: string; encoding?: string }[], strict = false) =>
    gql<{ importProviders: Summary }>(IMPORT, hub, {
      input: { files: files.map((f) => ({ encoding: 'utf8', ...f })), strict },
    });
  /**
   * `onTopicOf`: the council whose broker topic it goes on (another's only to test a misrouted event); `tampered`:
   * payload fields changed after the producer's own check (a producer that skipped it).
   */
  const produce = async <P extends object>(
    definition: EventDefinition<P>,
    payload: P,
    council = COUNCIL,
    onTopicOf = council,
    tampered: Partial<P> = {},
  ) => {
    const envelope = createEnvelope(definition, {
      producer: `council:${council}`,
      tenant: council,
      key: council,
      payload,
    });
    const value = JSON.stringify({ ...envelope, payload: { ...envelope.payload, ...tampered } });
    const record = testEventRecord(prefix, { topic: definition.topic, key: council, value });
    await producer.send({ ...record, topic: `${prefix}${councilTopic(definition.topic, onTopicOf)}` });
  };

  beforeAll(async () => {
    hub = await token({ subject: 'hub', roles: ['hub.commissioner'] });
    producer = testKafka('registry-int').producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
  });

  const csv = demo('providers.csv').toString('utf8');
  const lines = csv.trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const col = (name: string) => header.indexOf(name);
  /** The demo list with some cells changed, by URN and column name; edits accumulate as later lists would. */
  const edits: Record<string, Record<string, string>> = {};
  const listWith = (more: Record<string, Record<string, string>>) => {
    for (const [urn, cells] of Object.entries(more)) edits[urn] = { ...edits[urn], ...cells };
    return lines
      .map((line) => {
        const cells = line.split(',');
        for (const [column, value] of Object.entries(edits[cells[col('URN')]!] ?? {})) cells[col(column)] = value;
        return cells.join(',');
      })
      .join('\n');
  };

  it('in strict mode rejects a list with bad rows whole: row-level errors, nothing written', async () => {
    const bad = [...lines];
    const cells = bad[5]!.split(',');
    cells[col('Number of registered places')] = 'lots';
    bad[5] = cells.join(',');
    const cells2 = bad[9]!.split(',');
    cells2[col('Registration status')] = 'Sleeping';
    bad[9] = cells2.join(',');
    const result = await importFiles([{ name: 'region.csv', content: bad.join('\n') }], true);
    expect(result.data).toBeNull();
    const error = result.errors![0]!;
    expect(error.extensions!['code']).toBe('PROVIDER_IMPORT_REJECTED');
    const details = error.extensions!['details'] as {
      errors: { file: string; row: number; column: string; value: string; message: string }[];
      rejectedRows: number;
    };
    expect(details.rejectedRows).toBe(2);
    expect(details.errors.map((e) => [e.file, e.row, e.column, e.value])).toEqual([
      ['region.csv', 6, 'Number of registered places', 'lots'],
      ['region.csv', 10, 'Registration status', 'Sleeping'],
    ]);
    expect(await count('provider')).toBe(0);
    expect(await count('setting')).toBe(0);
    expect(await count('outbox')).toBe(0);
  });

  it('imports the region, and importing it again (as xlsx) changes nothing', async () => {
    const first = await importFiles([{ name: 'providers.csv', content: csv }]);
    expect(first.errors).toBeUndefined();
    const s = first.data!.importProviders;
    const inScope = lines.length - 1 - 3;
    const closedRows = lines.filter((l) => l.includes(',Closed,')).length;
    expect(s).toMatchObject({
      rows: inScope,
      new: inScope - closedRows,
      closed: closedRows,
      changed: 0,
      unchanged: 0,
      rejected: 0,
      outOfScope: 3,
    });
    expect(s.providersCreated).toBeGreaterThan(100);
    expect(await count('setting')).toBe(inScope);
    expect(await count('outbox', `event_type = 'registry.setting-changed.v1'`)).toBe(inScope);
    // The day of each setting's latest full inspection is kept beside its grade (docs/adr/0061).
    const parsed = await parseProviderList('providers.csv', demo('providers.csv'));
    const inspected = parsed.rows.filter((r) => r.ofstedGrade && r.ofstedInspectedOn);
    expect(inspected.length).toBeGreaterThan(100);
    expect(await count('setting', `ofsted_inspected_on IS NOT NULL AND ofsted_grade IS NOT NULL`)).toBe(
      inspected.length,
    );
    const [sample] = await sql<{ day: string }>(
      registry.db.url,
      `SELECT to_char(ofsted_inspected_on, 'YYYY-MM-DD') AS day FROM setting WHERE urn = $1`,
      [inspected[0]!.urn],
    );
    expect(sample!.day).toBe(inspected[0]!.ofstedInspectedOn);

    const again = await importFiles([
      { name: 'providers.xlsx', content: demo('providers.xlsx').toString('base64'), encoding: 'base64' },
    ]);
    expect(again.errors).toBeUndefined();
    expect(again.data!.importProviders).toMatchObject({
      new: 0,
      changed: 0,
      closed: 0,
      unchanged: inScope,
      providersCreated: 0,
    });
    expect(await count('outbox')).toBe(inScope);
  });

  it('recognises changed and closed settings by URN and publishes each as an event', async () => {
    const [a, b] = (
      await sql<{ urn: string }>(
        registry.db.url,
        `SELECT urn FROM setting WHERE registration_status = 'registered' AND setting_type = 'childrens-home' ORDER BY urn LIMIT 2`,
      )
    ).map((r) => r.urn);
    const edited = listWith({
      [a!]: { 'Number of registered places': '9' },
      [b!]: { 'Registration status': 'Closed', 'Deregistration date': '30/09/2025' },
    });
    const before = await count('outbox');
    const result = await importFiles([{ name: 'providers-2025-10.csv', content: edited }]);
    expect(result.errors).toBeUndefined();
    expect(result.data!.importProviders).toMatchObject({ new: 0, changed: 1, closed: 1 });
    const events = await sql<{ envelope: { key: string; payload: Record<string, unknown> } }>(
      registry.db.url,
      `SELECT envelope FROM outbox ORDER BY seq OFFSET $1`,
      [before],
    );
    expect(
      events.map((e) => [e.envelope.payload['urn'], e.envelope.payload['change'], e.envelope.payload['changedFields']]),
    ).toEqual([
      [a, 'changed', ['registeredPlaces']],
      [b, 'closed', []],
    ]);
    const [settingA] = await sql<{ provider_id: string }>(
      registry.db.url,
      `SELECT provider_id FROM setting WHERE urn = $1`,
      [a],
    );
    expect(events[0]!.envelope.key).toBe(settingA!.provider_id);
  });

  it('the hub flags a hard-to-replace provider as a financial risk; only the hub sees the flags', async () => {
    const [p] = await sql<{ id: string }>(registry.db.url, `SELECT id FROM provider ORDER BY name LIMIT 1`);
    const SET = `mutation($input: SetProviderRiskInput!) { setProviderRisk(input: $input) { id risk { hardToReplace financialRisk note } } }`;
    const refused = await gql(SET, hub, { input: { providerId: p!.id, hardToReplace: false, financialRisk: true } });
    expect(refused.errors![0]!.extensions!['code']).toBe('RISK_FLAG_REFUSED');
    const set = await gql<{ setProviderRisk: { risk: unknown } }>(SET, hub, {
      input: { providerId: p!.id, hardToReplace: true, financialRisk: true, note: 'going-concern note in accounts' },
    });
    expect(set.errors).toBeUndefined();
    expect(set.data!.setProviderRisk.risk).toEqual({
      hardToReplace: true,
      financialRisk: true,
      note: 'going-concern note in accounts',
    });
    const own = await token({ subject: 'p', roles: ['provider.user'], provider: p!.id });
    const asProvider = await gql<{ providers: { id: string; risk: unknown }[] }>(
      '{ providers { id risk { financialRisk } } }',
      own,
    );
    expect(asProvider.data!.providers).toEqual([{ id: p!.id, risk: null }]);
    const byProvider = await gql(SET, own, {
      input: { providerId: p!.id, hardToReplace: false, financialRisk: false },
    });
    expect(byProvider.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
  });

  describe('providers, vacancies and the marketplace', () => {
    let ownUrn: string;
    let ownerToken: string;
    let otherToken: string;
    let otherUrn: string;

    beforeAll(async () => {
      // A registered, mixed, 8-17 children's home registered for emotional and behavioural difficulties.
      const [own] = await sql<{ urn: string; provider_id: string }>(
        registry.db.url,
        `SELECT urn, provider_id FROM setting WHERE registration_status = 'registered' AND setting_type = 'childrens-home'
           AND 'emotional-behavioural' = ANY(need_flags) AND postcode_district LIKE 'ST%' ORDER BY urn LIMIT 1`,
      );
      ownUrn = own!.urn;
      await sql(registry.db.url, `UPDATE setting SET sex = 'mixed', age_min = 8, age_max = 17 WHERE urn = $1`, [
        ownUrn,
      ]);
      const [other] = await sql<{ urn: string; provider_id: string }>(
        registry.db.url,
        `SELECT urn, provider_id FROM setting WHERE provider_id <> $1 AND registration_status = 'registered' ORDER BY urn LIMIT 1`,
        [own!.provider_id],
      );
      otherUrn = other!.urn;
      ownerToken = await token({ subject: 'owner', roles: ['provider.user'], provider: own!.provider_id });
      otherToken = await token({ subject: 'other', roles: ['provider.user'], provider: other!.provider_id });
    });

    const declare = (t: string, urn: string) =>
      gql<{ declareVacancy: { vacancies: number; stale: boolean } }>(
        `mutation($input: DeclareVacancyInput!) { declareVacancy(input: $input) { vacancies stale } }`,
        t,
        {
          input: {
            urn,
            vacancies: 1,
            ageBands: ['10-15'],
            canMeet: ['emotional-behavioural'],
            availableUntil: '2099-12-31',
          },
        },
      );
    const referral = (): ReferralOpenedV2 =>
      referralOpenedPayload(COUNCIL, {
        startBy: '2099-01-01',
        closeToFamily: false,
        suitability: { fostering: 'unsuitable', residential: 'preferred', supported: 'unsuitable' },
        risksToChild: [{ risk: 'going-missing', level: 'low' }],
      });
    /** Delivers a referral's opening event and waits until the marketplace holds the referral. */
    const deliverOpened = async (opened: ReferralOpenedV2, what = 'the referral') => {
      await produce(ReferralOpenedV2Event, opened);
      await waitFor(async () => (await count('market_referral', `id = '${opened.referralId}'`)) === 1, what, 30_000);
    };

    it('a provider user sees and edits only its own settings', async () => {
      const mine = await gql<{ settings: { urn: string; providerId: string }[] }>(
        '{ settings { urn providerId } }',
        ownerToken,
      );
      expect(mine.errors).toBeUndefined();
      expect(mine.data!.settings.length).toBeGreaterThan(0);
      expect(new Set(mine.data!.settings.map((s) => s.providerId)).size).toBe(1);
      expect(mine.data!.settings.map((s) => s.urn)).toContain(ownUrn);
      expect(mine.data!.settings.map((s) => s.urn)).not.toContain(otherUrn);
      const viaProvider = await gql<{ providers: { settings: { urn: string }[] }[] }>(
        '{ providers { settings { urn } } }',
        ownerToken,
      );
      expect(viaProvider.data!.providers.flatMap((p) => p.settings.map((x) => x.urn)).sort()).toEqual(
        mine.data!.settings.map((x) => x.urn).sort(),
      );
      const peek = await gql<{ setting: unknown }>(`{ setting(urn: "${ownUrn}") { urn } }`, otherToken);
      expect(peek.data!.setting).toBeNull();
      const edit = await gql(
        `mutation { updateSetting(input: { urn: "${ownUrn}", ageMin: 8, ageMax: 17, sex: "mixed" }) { urn } }`,
        otherToken,
      );
      expect(edit.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
      const steal = await declare(otherToken, ownUrn);
      expect(steal.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
      expect(await count('vacancy')).toBe(0);
    });

    it('sends a referral to a setting with a fresh vacancy; a stale declaration stops counting and is published as expired', async () => {
      const declared = await declare(ownerToken, ownUrn);
      expect(declared.errors).toBeUndefined();
      expect(declared.data!.declareVacancy).toEqual({ vacancies: 1, stale: false });
      expect(await count('outbox', `event_type = 'registry.capacity-changed.v1'`)).toBe(1);

      const fresh = referral();
      await deliverOpened(fresh);
      const sent = await sql<{ setting_urn: string }>(
        registry.db.url,
        `SELECT setting_urn FROM referral_notification WHERE referral_id = $1`,
        [fresh.referralId],
      );
      expect(sent.map((s) => s.setting_urn)).toEqual([ownUrn]);
      const seen = await gql<{
        providerReferrals: { id: string; needs: string[]; matches: { settingUrn: string; distance: string }[] }[];
      }>('{ providerReferrals { id needs matches { settingUrn distance } } }', ownerToken);
      expect(seen.data!.providerReferrals).toEqual([
        {
          id: fresh.referralId,
          needs: ['emotional-behavioural'],
          matches: [{ settingUrn: ownUrn, distance: expect.any(String) }],
        },
      ]);
      const notSeen = await gql<{ providerReferrals: unknown[] }>('{ providerReferrals { id } }', otherToken);
      expect(notSeen.data!.providerReferrals).toEqual([]);

      // After RCC_VACANCY_STALE_SECONDS the declaration is expired by the job and re-published with no places.
      await waitFor(
        async () => (await count('vacancy', `setting_urn = '${ownUrn}' AND state = 'expired'`)) === 1,
        'the declaration to expire',
        20_000,
      );
      const [expired] = await sql<{ envelope: { payload: { vacancies: number; reason: string; urn: string } } }>(
        registry.db.url,
        `SELECT envelope FROM outbox WHERE event_type = 'registry.capacity-changed.v1' ORDER BY seq DESC LIMIT 1`,
      );
      expect(expired!.envelope.payload).toMatchObject({ urn: ownUrn, vacancies: 0, reason: 'expired' });
      const late = referral();
      await deliverOpened(late, 'the second referral');
      expect(await count('referral_notification', `referral_id = '${late.referralId}'`)).toBe(0);
    });

    it('an unanswered referral becomes an unmet-need event after the window; a declined one closed unmet carries the reasons', async () => {
      // The first referral (above) had no offer: its 3-second window has passed.
      await waitFor(
        async () => (await count('outbox', `event_type = 'registry.unmet-need.v1'`)) >= 2,
        'unmet-need events for the two unanswered referrals',
        20_000,
      );
      const unmet = await sql<{ envelope: { key: string; tenant: string; payload: Record<string, unknown> } }>(
        registry.db.url,
        `SELECT envelope FROM outbox WHERE event_type = 'registry.unmet-need.v1' ORDER BY seq`,
      );
      for (const u of unmet) {
        expect(u.envelope.key).toBe(COUNCIL);
        expect(u.envelope.payload).toMatchObject({
          trigger: 'no-offer-in-window',
          councilCode: COUNCIL,
          needs: ['emotional-behavioural'],
        });
      }

      // Declared again; the referral is declined, then closed unmet by the council before its window could fire.
      expect((await declare(ownerToken, ownUrn)).errors).toBeUndefined();
      const declined = referral();
      await produce(ReferralOpenedV2Event, declined);
      await waitFor(
        async () => (await count('referral_notification', `referral_id = '${declined.referralId}'`)) === 1,
        'the notification',
        30_000,
      );
      // This one is answered and then closed by its council: keep its no-offer window out of the way.
      await sql(
        registry.db.url,
        `UPDATE market_referral SET window_ends_at = now() + interval '1 hour' WHERE id = $1`,
        [declined.referralId],
      );
      const pastOffer = await respond(ownerToken, {
        referralId: declined.referralId,
        settingUrn: ownUrn,
        response: 'offer',
        weeklyPricePence: 500_000,
        startDate: '2001-01-01',
      });
      expect(pastOffer.errors![0]!.message).toMatch(/startDate is in the past/);
      const answer = await gql<{ respondToReferral: { response: string; declineReason: string } }>(
        `mutation($input: RespondToReferralInput!) { respondToReferral(input: $input) { response declineReason } }`,
        ownerToken,
        {
          input: {
            referralId: declined.referralId,
            settingUrn: ownUrn,
            response: 'decline',
            declineReason: 'staffing',
          },
        },
      );
      expect(answer.errors).toBeUndefined();
      const [response] = await sql<{ envelope: { key: string; payload: Record<string, unknown> } }>(
        registry.db.url,
        `SELECT envelope FROM outbox WHERE event_type = 'registry.referral-response.v1'`,
      );
      expect(response!.envelope.key).toBe(COUNCIL);
      expect(response!.envelope.payload).toMatchObject({
        response: 'decline',
        declineReason: 'staffing',
        councilCode: COUNCIL,
      });
      // The other provider cannot answer a referral its settings were not sent.
      const intruder = await respond(otherToken, {
        referralId: declined.referralId,
        settingUrn: otherUrn,
        response: 'offer',
        weeklyPricePence: 500000,
        startDate: '2099-01-01',
      });
      expect(intruder.errors![0]!.extensions!['code']).toBe('NOT_FOUND');

      await produce(ReferralClosedV1Event, {
        referralId: declined.referralId,
        councilCode: COUNCIL,
        outcome: 'unmet',
        reasons: ['no-capacity'],
      });
      await waitFor(
        async () =>
          (await count(
            'outbox',
            `event_type = 'registry.unmet-need.v1' AND envelope->'payload'->>'referralId' = '${declined.referralId}'`,
          )) === 1,
        'the closed-unmet event',
        30_000,
      );
      const [closed] = await sql<{ envelope: { payload: Record<string, unknown> } }>(
        registry.db.url,
        `SELECT envelope FROM outbox WHERE event_type = 'registry.unmet-need.v1' AND envelope->'payload'->>'referralId' = $1`,
        [declined.referralId],
      );
      expect(closed!.envelope.payload).toMatchObject({
        trigger: 'closed-unmet',
        declines: [{ reason: 'staffing', count: 1 }],
        councilReasons: ['no-capacity'],
        eligibleSettings: 1,
        notifiedProviders: 1,
      });
      // ...and exactly once: the window job does not report it again.
      await new Promise((r) => setTimeout(r, 4000));
      expect(
        await count(
          'outbox',
          `event_type = 'registry.unmet-need.v1' AND envelope->'payload'->>'referralId' = '${declined.referralId}'`,
        ),
      ).toBe(1);
    });

    it('a setting suspended by a later list stops being supply: its declaration is withdrawn and published', async () => {
      expect((await declare(ownerToken, ownUrn)).errors).toBeUndefined();
      // Keep this test region's 4-second staleness out of the way: this test is about the registration.
      await sql(registry.db.url, `UPDATE vacancy SET declared_at = now() + interval '1 hour' WHERE state = 'current'`);
      expect(await count('vacancy', `setting_urn = '${ownUrn}' AND state = 'current'`)).toBe(1);
      const result = await importFiles([
        { name: 'providers-2025-11.csv', content: listWith({ [ownUrn]: { 'Registration status': 'Suspended' } }) },
      ]);
      expect(result.errors).toBeUndefined();
      expect(result.data!.importProviders).toMatchObject({ new: 0, changed: 1, closed: 0 });
      expect(await count('vacancy', `setting_urn = '${ownUrn}' AND state = 'current'`)).toBe(0);
      const [last] = await sql<{ event_type: string; envelope: { payload: Record<string, unknown> } }>(
        registry.db.url,
        `SELECT event_type, envelope FROM outbox ORDER BY seq DESC LIMIT 2`,
      );
      expect(last!.event_type).toBe('registry.setting-changed.v1');
      expect(last!.envelope.payload).toMatchObject({ urn: ownUrn, change: 'changed', registrationStatus: 'suspended' });
      const [withdrawn] = await sql<{ envelope: { payload: Record<string, unknown> } }>(
        registry.db.url,
        `SELECT envelope FROM outbox WHERE event_type = 'registry.capacity-changed.v1' ORDER BY seq DESC LIMIT 1`,
      );
      expect(withdrawn!.envelope.payload).toMatchObject({ urn: ownUrn, vacancies: 0, reason: 'withdrawn' });
      const flagged = await gql<{ setting: { registrationFlag: boolean } }>(
        `{ setting(urn: "${ownUrn}") { registrationFlag } }`,
        ownerToken,
      );
      expect(flagged.data!.setting.registrationFlag).toBe(true);
    });

    it('refuses a referral from a council outside the region (dead letter), and answers after closing are refused', async () => {
      const foreign = { ...referral(), councilCode: 'E08000025' };
      // Its own topic is not one the registry reads (ADR 35): here it arrives on a member's topic, signed as itself.
      await produce(ReferralOpenedV2Event, foreign, 'E08000025', COUNCIL);
      await waitFor(
        async () => (await count('inbox', `outcome = 'dead-lettered' AND detail LIKE '%not a member council%'`)) === 1,
        'the foreign referral to be dead-lettered',
        30_000,
      );
      expect(await count('market_referral', `id = '${foreign.referralId}'`)).toBe(0);
      const [closedOne] = await sql<{ id: string }>(
        registry.db.url,
        `SELECT id FROM market_referral WHERE status = 'unmet'`,
      );
      const tooLate = await respond(ownerToken, {
        referralId: closedOne!.id,
        settingUrn: ownUrn,
        response: 'decline',
        declineReason: 'other',
        declineNote: 'Too late',
      });
      expect(tooLate.errors![0]!.extensions!['code']).toBe('REFERRAL_NOT_OPEN');
    });

    it('a home declaring a matching vacancy after the referral opened is sent it; the council sees who was asked; the placement takes the bed and each responder learns its outcome', async () => {
      // Two registered homes of two providers, registered for emotional and behavioural difficulties only.
      const homes = await sql<{ urn: string; provider_id: string }>(
        registry.db.url,
        `SELECT DISTINCT ON (provider_id) urn, provider_id FROM setting
          WHERE registration_status = 'registered' AND setting_type = 'childrens-home' AND urn <> $1
            AND 'emotional-behavioural' = ANY(need_flags) ORDER BY provider_id, urn LIMIT 2`,
        [ownUrn],
      );
      expect(homes).toHaveLength(2);
      const [a, b] = homes as [{ urn: string; provider_id: string }, { urn: string; provider_id: string }];
      await sql(
        registry.db.url,
        `UPDATE setting SET sex = 'mixed', age_min = 8, age_max = 17, registered_places = 3,
                need_flags = ARRAY['emotional-behavioural'] WHERE urn = ANY($1)`,
        [[a.urn, b.urn]],
      );
      const tokenA = await token({ subject: 'manager-a', roles: ['provider.user'], provider: a.provider_id });
      const tokenB = await token({ subject: 'manager-b', roles: ['provider.user'], provider: b.provider_id });
      const officer = await token({ subject: 'officer', roles: ['council.placements'], council: COUNCIL });
      const neighbour = await token({ subject: 'n', roles: ['council.placements'], council: 'E06000021' });
      const REACH = `query($ids: [ID!]!) { referralReach(referralIds: $ids) {
        asked providers answered respondBy windowExtended groups { settingType distance asked answered }
        notMatched { reason settings } } }`;
      type Reach = {
        asked: number;
        providers: number;
        answered: number;
        respondBy: string;
        windowExtended: boolean;
        groups: { settingType: string; distance: string; asked: number; answered: number }[];
        notMatched: { reason: string; settings: number }[];
      };
      const reachOf = async (t: string, id: string) =>
        (await gql<{ referralReach: Reach[] }>(REACH, t, { ids: [id] })).data!.referralReach;
      // Other places are taken elsewhere: only these two homes are supply in this test.
      await sql(registry.db.url, `UPDATE vacancy SET state = 'withdrawn', ended_at = now() WHERE state = 'current'`);

      const wanted = { ...referral(), siblings: 0 };
      await deliverOpened(wanted);
      // Nothing matched, and why; another council cannot see it.
      const [none] = await reachOf(officer, wanted.referralId);
      expect(none!.asked).toBe(0);
      expect(none!.notMatched.find((n) => n.reason === 'no-vacancy')!.settings).toBeGreaterThanOrEqual(2);
      expect(await reachOf(neighbour, wanted.referralId)).toEqual([]);
      // The test region's window is 3 seconds: the officer gives providers two more days.
      const extended = await gql<{ extendReferralWindow: Reach }>(
        `mutation($input: ExtendReferralWindowInput!) { extendReferralWindow(input: $input) { respondBy windowExtended } }`,
        officer,
        { input: { referralId: wanted.referralId, hours: 48 } },
      );
      expect(extended.errors).toBeUndefined();
      expect(extended.data!.extendReferralWindow.windowExtended).toBe(true);
      expect(Date.parse(extended.data!.extendReferralWindow.respondBy)).toBeGreaterThan(Date.now() + 47 * 3600_000);

      // Impossible declarations are refused in plain words, and nothing is written.
      const declareAs = (t: string, urn: string, input: Record<string, unknown>) =>
        gql(`mutation($input: DeclareVacancyInput!) { declareVacancy(input: $input) { vacancies } }`, t, {
          input: {
            urn,
            vacancies: 2,
            ageBands: ['10-15'],
            canMeet: ['emotional-behavioural'],
            availableUntil: '2099-12-31',
            ...input,
          },
        });
      const tooMany = await declareAs(tokenA, a.urn, { vacancies: 5 });
      expect(tooMany.errors![0]!.message).toMatch(/Places must be 3 or fewer: the home is registered for 3/);
      const babies = await declareAs(tokenA, a.urn, { ageBands: ['under-1', '10-15'] });
      expect(babies.errors![0]!.message).toMatch(
        /Ages under-1 are outside the ages the setting is registered for \(8 to 17\)/,
      );
      const drugs = await declareAs(tokenA, a.urn, { canMeet: ['emotional-behavioural', 'drugs'] });
      expect(drugs.errors![0]!.message).toMatch(/not registered to care for drugs/);
      expect(await count('vacancy', `setting_urn = '${a.urn}' AND state = 'current'`)).toBe(0);

      // Declared after the referral opened: each home is sent it at once (matching re-runs).
      for (const [t, urn] of [
        [tokenA, a.urn],
        [tokenB, b.urn],
      ] as const) {
        expect((await declareAs(t, urn, {})).errors).toBeUndefined();
        // Keep this region's 4-second staleness out of the way: the bed is taken by the placement below.
        await sql(
          registry.db.url,
          `UPDATE vacancy SET declared_at = now() + interval '1 hour' WHERE setting_urn = $1`,
          [urn],
        );
        expect(
          await count('referral_notification', `referral_id = '${wanted.referralId}' AND setting_urn = '${urn}'`),
        ).toBe(1);
      }
      const [reached] = await reachOf(officer, wanted.referralId);
      expect(reached).toMatchObject({ asked: 2, providers: 2, answered: 0 });
      expect(reached!.groups.every((g) => g.settingType === 'childrens-home')).toBe(true);

      const answer = (t: string, input: Record<string, unknown>) =>
        respond(t, { referralId: wanted.referralId, ...input });
      expect(
        (
          await answer(tokenA, {
            settingUrn: a.urn,
            response: 'offer',
            weeklyPricePence: 600_000,
            startDate: '2099-01-01',
          })
        ).errors,
      ).toBeUndefined();
      expect(
        (
          await answer(tokenB, {
            settingUrn: b.urn,
            response: 'offer',
            weeklyPricePence: 550_000,
            startDate: '2099-01-02',
          })
        ).errors,
      ).toBeUndefined();
      expect((await reachOf(officer, wanted.referralId))[0]!.answered).toBe(2);

      await produce(ReferralClosedV1Event, {
        referralId: wanted.referralId,
        councilCode: COUNCIL,
        outcome: 'placed',
        route: 'spot',
        weeklyCostPence: 600_000,
        settingUrn: a.urn,
        reasons: [],
      });
      await waitFor(
        async () => (await count('market_referral', `id = '${wanted.referralId}' AND status = 'placed'`)) === 1,
        'the placement',
        30_000,
      );
      // The bed leaves the supply: 2 declared, 1 left, published as placed.
      const [left] = await sql<{ vacancies: number; placed_referral_id: string }>(
        registry.db.url,
        `SELECT vacancies, placed_referral_id FROM vacancy WHERE setting_urn = $1 AND state = 'current'`,
        [a.urn],
      );
      expect(left).toEqual({ vacancies: 1, placed_referral_id: wanted.referralId });
      const [placedEvent] = await sql<{ envelope: { payload: Record<string, unknown> } }>(
        registry.db.url,
        `SELECT envelope FROM outbox WHERE event_type = 'registry.capacity-changed.v1' ORDER BY seq DESC LIMIT 1`,
      );
      expect(placedEvent!.envelope.payload).toMatchObject({ urn: a.urn, vacancies: 1, reason: 'placed' });
      const mine = `{ providerReferrals(status: "placed") { id selectedBy matches { settingUrn outcome } } }`;
      const seenA = await gql<{ providerReferrals: { id: string; selectedBy: string | null; matches: unknown[] }[] }>(
        mine,
        tokenA,
      );
      expect(seenA.data!.providerReferrals.find((r) => r.id === wanted.referralId)).toEqual({
        id: wanted.referralId,
        selectedBy: 'Staffordshire',
        matches: [{ settingUrn: a.urn, outcome: 'selected' }],
      });
      // The messages these events became, queued with each change (ADR 0051): who is told what.
      const queued = await sql<{ kind: string; recipient: string; facts: Record<string, unknown> }>(
        registry.db.url,
        `SELECT kind, recipient, facts FROM notification WHERE referral_id = $1 ORDER BY created_at, kind, recipient`,
        [wanted.referralId],
      );
      expect(queued.map((q) => `${q.kind} ${q.recipient}`).sort()).toEqual(
        [
          `new-referral provider:${a.provider_id}`,
          `new-referral provider:${b.provider_id}`,
          `offer-received council:${COUNCIL}`,
          `offer-received council:${COUNCIL}`,
          `selected provider:${a.provider_id}`,
          `not-selected provider:${b.provider_id}`,
        ].sort(),
      );
      expect(queued.find((q) => q.kind === 'selected')!.facts).toEqual({
        referralId: wanted.referralId,
        councilName: 'Staffordshire',
      });
      expect(queued.find((q) => q.kind === 'not-selected')!.facts).toEqual({ referralId: wanted.referralId });
      const seenB = await gql<{ providerReferrals: { id: string; selectedBy: string | null; matches: unknown[] }[] }>(
        mine,
        tokenB,
      );
      expect(seenB.data!.providerReferrals.find((r) => r.id === wanted.referralId)).toEqual({
        id: wanted.referralId,
        selectedBy: null,
        matches: [{ settingUrn: b.urn, outcome: 'not-selected' }],
      });
    });

    it('the council widens its referral (any distance, foster care) and a far agency is sent it at once; a place opening after the latest start does not count; a decline for another reason carries its words', async () => {
      // A registered fostering agency in Manchester, far from the child's Stoke sectors.
      const [agency] = await sql<{ urn: string; provider_id: string }>(
        registry.db.url,
        `SELECT urn, provider_id FROM setting WHERE registration_status = 'registered' AND urn <> ALL($1)
            AND provider_id NOT IN (SELECT provider_id FROM setting WHERE urn = ANY($1))
          ORDER BY urn DESC LIMIT 1`,
        [[ownUrn, otherUrn]],
      );
      await sql(
        registry.db.url,
        `UPDATE setting SET setting_type = 'independent-fostering-agency', postcode_district = 'M1', sex = 'mixed',
                age_min = 0, age_max = 17, need_flags = '{}' WHERE urn = $1`,
        [agency!.urn],
      );
      const agencyToken = await token({ subject: 'agency', roles: ['provider.user'], provider: agency!.provider_id });
      const officer = await token({ subject: 'officer', roles: ['council.placements'], council: COUNCIL });
      const neighbour = await token({ subject: 'n', roles: ['council.placements'], council: 'E06000021' });
      await sql(registry.db.url, `UPDATE vacancy SET state = 'withdrawn', ended_at = now() WHERE state = 'current'`);
      const wanted = { ...referral(), closeToFamily: true, needs: [], startBy: '2099-01-01' } as ReferralOpenedV2;
      await deliverOpened(wanted);
      const EXTEND = `mutation($input: ExtendReferralWindowInput!) { extendReferralWindow(input: $input) { referralId } }`;
      expect(
        (await gql(EXTEND, officer, { input: { referralId: wanted.referralId, hours: 48 } })).errors,
      ).toBeUndefined();
      const declare = async (availableFrom?: string) => {
        const done = await gql(
          `mutation($input: DeclareVacancyInput!) { declareVacancy(input: $input) { availableFrom } }`,
          agencyToken,
          {
            input: {
              urn: agency!.urn,
              vacancies: 1,
              ageBands: ['10-15'],
              canMeet: [],
              availableUntil: '2099-12-31',
              ...(availableFrom ? { availableFrom } : {}),
            },
          },
        );
        await sql(
          registry.db.url,
          `UPDATE vacancy SET declared_at = now() + interval '1 hour' WHERE setting_urn = $1`,
          [agency!.urn],
        );
        return done;
      };
      const sent = () => count('referral_notification', `referral_id = '${wanted.referralId}'`);
      const WIDEN = `mutation($input: WidenReferralInput!) { widenReferral(input: $input) {
        asked widenedAt shared { closeToFamily suitability { fostering residential supported } } } }`;
      type Widened = {
        widenReferral: {
          asked: number;
          widenedAt: string | null;
          shared: { closeToFamily: boolean; suitability: Record<string, string> };
        };
      };
      const widen = (t: string, input: Record<string, unknown>) =>
        gql<Widened>(WIDEN, t, { input: { referralId: wanted.referralId, ...input } });

      // Another council's referral is not found; a widening that widens nothing is refused in words.
      expect((await widen(neighbour, { anyDistance: true })).errors![0]!.extensions!['code']).toBe('NOT_FOUND');
      expect((await widen(officer, { addTypes: ['residential'] })).errors![0]!.message).toBe(
        'The referral already goes to children’s homes: remove it',
      );

      // Foster care added: the agency's place opens after the latest start date, so it is no vacancy yet.
      expect((await declare('2099-06-01')).errors).toBeUndefined();
      const fostering = await widen(officer, { addTypes: ['fostering'] });
      expect(fostering.errors).toBeUndefined();
      expect(fostering.data!.widenReferral.shared.suitability['fostering']).toBe('suitable');
      expect(fostering.data!.widenReferral.widenedAt).not.toBeNull();
      expect(await sent()).toBe(0);
      // Free from today: still too far for a child who must live close to family.
      const today = await declare();
      expect(today.errors).toBeUndefined();
      expect((today.data as { declareVacancy: { availableFrom: string } }).declareVacancy.availableFrom).toBe(
        new Date().toISOString().slice(0, 10),
      );
      expect(await sent()).toBe(0);
      // Any distance: matching runs again with the widening, and the agency is sent it.
      const anywhere = await widen(officer, { anyDistance: true });
      expect(anywhere.errors).toBeUndefined();
      expect(anywhere.data!.widenReferral).toMatchObject({ asked: 1, shared: { closeToFamily: false } });
      expect(await sent()).toBe(1);
      // Providers read the widened profile.
      const seen = await gql<{ providerReferrals: { id: string; closeToFamily: boolean }[] }>(
        `{ providerReferrals(status: "open") { id closeToFamily } }`,
        agencyToken,
      );
      expect(seen.data!.providerReferrals.find((r) => r.id === wanted.referralId)).toEqual({
        id: wanted.referralId,
        closeToFamily: false,
      });

      // "Other" needs the provider's words; they reach the council.
      const decline = (declineNote?: string) =>
        gql(
          `mutation($input: RespondToReferralInput!) { respondToReferral(input: $input) { declineNote } }`,
          agencyToken,
          {
            input: {
              referralId: wanted.referralId,
              settingUrn: agency!.urn,
              response: 'decline',
              declineReason: 'other',
              ...(declineNote === undefined ? {} : { declineNote }),
            },
          },
        );
      expect((await decline()).errors![0]!.message).toMatch(/Enter why the home cannot take the child/);
      expect((await decline('   ')).errors![0]!.message).toMatch(/Enter why the home cannot take the child/);
      expect((await decline(' Carers on leave until March ')).errors).toBeUndefined();
      const reach = await gql<{ referralReach: { answeredSettings: Record<string, string | null>[] }[] }>(
        `query($ids: [ID!]!) {
          referralReach(referralIds: $ids) { answeredSettings { declineNote ofstedGrade ofstedInspectedOn } }
        }`,
        officer,
        { ids: [wanted.referralId] },
      );
      // The grade reaches the council with the day of the inspection it comes from, as the Ofsted list gave them.
      const listed = (await parseProviderList('providers.csv', demo('providers.csv'))).rows.find(
        (r) => r.urn === agency!.urn,
      )!;
      expect(listed.ofstedInspectedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(reach.data!.referralReach[0]!.answeredSettings).toEqual([
        {
          declineNote: 'Carers on leave until March',
          ofstedGrade: listed.ofstedGrade,
          ofstedInspectedOn: listed.ofstedInspectedOn,
        },
      ]);

      // The hub's award tells the agency its bid's outcome: one message, queued from the event, to that provider.
      const tenderId = randomUUID();
      const outcome = createEnvelope(TenderOutcomeV1Event, {
        producer: 'commissioning',
        tenant: null,
        key: tenderId,
        payload: {
          tenderId,
          lotId: randomUUID(),
          bidId: randomUUID(),
          providerId: agency!.provider_id,
          outcome: 'unsuccessful',
          rank: 2,
          bidsInLot: 2,
          totalBp: 6000,
          winningTotalBp: 7000,
          awardedOn: '2099-01-01',
          standstillEndsOn: '2099-01-11',
        },
      });
      await producer.send(
        testEventRecord(prefix, { topic: TenderOutcomeV1Event.topic, key: tenderId, value: JSON.stringify(outcome) }),
      );
      const [told] = await waitFor(
        async () => {
          const rows = await sql<{ kind: string; recipient: string; facts: Record<string, unknown> }>(
            registry.db.url,
            `SELECT kind, recipient, facts FROM notification WHERE tender_id = $1`,
            [tenderId],
          );
          return rows.length ? rows : undefined;
        },
        'the tender outcome notification',
        30_000,
      );
      expect(told).toEqual({
        kind: 'tender-outcome',
        recipient: `provider:${agency!.provider_id}`,
        facts: { tenderId, outcome: 'unsuccessful', rank: 2, bidsInLot: 2, standstillEndsOn: '2099-01-11' },
      });
    });

    it('a published tender tells each provider with a registered setting of its types; an answered question tells those who asked or bid', async () => {
      const tenderId = randomUUID();
      const send = async <P extends object>(definition: EventDefinition<P>, payload: P) =>
        producer.send(
          testEventRecord(prefix, {
            topic: definition.topic,
            key: tenderId,
            value: JSON.stringify(
              createEnvelope(definition, { producer: 'commissioning', tenant: null, key: tenderId, payload }),
            ),
          }),
        );
      // The notices of a kind, once the event's inbox transaction has queued them (all at once).
      const notices = (kind: string) =>
        waitFor(
          async () => {
            const rows = await sql<{ recipient: string; facts: Record<string, unknown> }>(
              registry.db.url,
              `SELECT recipient, facts FROM notification WHERE tender_id = $1 AND kind = $2 ORDER BY recipient`,
              [tenderId, kind],
            );
            return rows.length ? rows : undefined;
          },
          `the ${kind} notices`,
          30_000,
        );
      const expected = (
        await sql<{ provider_id: string }>(
          registry.db.url,
          `SELECT DISTINCT provider_id FROM setting
            WHERE setting_type = 'secure-childrens-home' AND registration_status = 'registered' ORDER BY provider_id`,
        )
      ).map((r) => `provider:${r.provider_id}`);
      const [others] = await sql<{ n: string }>(
        registry.db.url,
        `SELECT count(DISTINCT provider_id) AS n FROM setting WHERE setting_type <> 'secure-childrens-home'`,
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(Number(others!.n)).toBeGreaterThan(expected.length);

      await send(TenderPublishedV1Event, {
        tenderId,
        title: 'Secure beds 2099',
        settingTypes: ['secure-childrens-home'],
        bidsCloseOn: '2099-01-31',
      });
      const published = await notices('tender-published');
      expect(published.map((r) => r.recipient).sort()).toEqual([...expected].sort());
      expect(published[0]!.facts).toEqual({ tenderId, title: 'Secure beds 2099', bidsCloseOn: '2099-01-31' });

      // One provider asked; another provider id is not in the registry (no address): only the known one is told.
      const asker = expected[0]!.replace('provider:', '');
      await send(ClarificationAnsweredV1Event, {
        tenderId,
        clarificationId: randomUUID(),
        title: 'Secure beds 2099',
        providerIds: [asker, randomUUID()],
      });
      const answered = await notices('clarification-answered');
      expect(answered).toEqual([{ recipient: `provider:${asker}`, facts: { tenderId, title: 'Secure beds 2099' } }]);
    });

    it('the council’s change (text for homes, latest start, needs, more time) replaces the copy and matches again; homes asked stay asked and see it changed; identifying text is refused', async () => {
      // The fostering agency of the test before, with a place for 10 to 15 year olds it cannot meet needs with.
      const [agency] = await sql<{ urn: string; provider_id: string }>(
        registry.db.url,
        `SELECT urn, provider_id FROM setting WHERE setting_type = 'independent-fostering-agency' AND postcode_district = 'M1'`,
      );
      const agencyToken = await token({ subject: 'agency', roles: ['provider.user'], provider: agency!.provider_id });
      const wanted = {
        ...referral(),
        suitability: { fostering: 'preferred', residential: 'unsuitable', supported: 'unsuitable' },
        needs: ['emotional-behavioural'],
      } as ReferralOpenedV2;
      const startBy = wanted.startBy;
      const change = (
        fields: Pick<ReferralChangedV1, 'reason' | 'aboutChild' | 'needs'>,
        more: Partial<ReferralChangedV1> = {},
      ) =>
        produce(ReferralChangedV1Event, {
          referralId: wanted.referralId,
          councilCode: COUNCIL,
          startBy: wanted.startBy,
          ...fields,
          ...more,
        } as ReferralChangedV1);
      const copy = async () =>
        (
          await sql<{ profile: { aboutChild?: string; needs: string[]; startBy: string }; changed_at: Date | null }>(
            registry.db.url,
            'SELECT profile, changed_at FROM market_referral WHERE id = $1',
            [wanted.referralId],
          )
        )[0];
      const sent = () => count('referral_notification', `referral_id = '${wanted.referralId}'`);
      await produce(ReferralOpenedV2Event, wanted);
      await change({ reason: 'opened', aboutChild: 'Loves drawing.', needs: ['emotional-behavioural'] });
      await waitFor(async () => (await copy())?.profile.aboutChild === 'Loves drawing.', 'the opening’s text', 30_000);
      expect((await copy())!.changed_at).toBeNull();
      expect(await sent()).toBe(0);

      // A text with a phone number (a council that skipped its own check) is refused whole; the next change applies.
      await produce(
        ReferralChangedV1Event,
        { referralId: wanted.referralId, councilCode: COUNCIL, reason: 'changed', aboutChild: '', startBy, needs: [] },
        COUNCIL,
        COUNCIL,
        { aboutChild: 'Ring 01782 123456' },
      );
      await change(
        { reason: 'changed', aboutChild: 'Loves drawing and football.', needs: [] },
        { startBy: '2099-02-01', extendHours: 48 },
      );
      await waitFor(async () => (await copy())?.changed_at !== null, 'the change', 30_000);
      expect((await copy())!.profile).toMatchObject({
        aboutChild: 'Loves drawing and football.',
        needs: [],
        startBy: '2099-02-01',
      });
      expect(JSON.stringify(await sql(registry.db.url, 'SELECT profile FROM market_referral'))).not.toContain('01782');
      // Without the need the agency cannot meet, it is sent the referral at once.
      expect(await sent()).toBe(1);

      // Asking for the need again narrows nothing already sent: the agency stays asked and sees when it changed.
      await change({ reason: 'changed', aboutChild: 'Loves drawing and football.', needs: ['emotional-behavioural'] });
      await waitFor(async () => (await copy())?.profile.needs.length === 1, 'the second change', 30_000);
      expect(await sent()).toBe(1);
      const seen = await gql<{
        providerReferrals: { id: string; aboutChild: string; changedAt: string | null; needs: string[] }[];
      }>(`{ providerReferrals(status: "open") { id aboutChild changedAt needs } }`, agencyToken);
      const mine = seen.data!.providerReferrals.find((r) => r.id === wanted.referralId)!;
      expect(mine).toMatchObject({ aboutChild: 'Loves drawing and football.', needs: ['emotional-behavioural'] });
      expect(mine.changedAt).not.toBeNull();
      const officer = await token({ subject: 'officer', roles: ['council.placements'], council: COUNCIL });
      const reach = await gql<{ referralReach: { shared: { aboutChild: string } }[] }>(
        `query($ids: [ID!]!) { referralReach(referralIds: $ids) { shared { aboutChild } } }`,
        officer,
        { ids: [wanted.referralId] },
      );
      expect(reach.data!.referralReach[0]!.shared.aboutChild).toBe('Loves drawing and football.');

      // Withdrawn: every provider asked is told, as it was told of the change (the message names nothing of the child).
      const withdrawal = { councilCode: COUNCIL, outcome: 'withdrawn' as const, reasons: ['plan-changed'] };
      await produce(ReferralClosedV1Event, { ...withdrawal, referralId: wanted.referralId });
      const withdrawn = `id = '${wanted.referralId}' AND status = 'withdrawn'`;
      await waitFor(async () => (await count('market_referral', withdrawn)) === 1, 'the withdrawal', 30_000);
      const told = await sql<{ kind: string; recipient: string; facts: Record<string, unknown> }>(
        registry.db.url,
        `SELECT kind, recipient, facts FROM notification WHERE referral_id = $1 ORDER BY created_at, kind`,
        [wanted.referralId],
      );
      expect(told).toEqual(
        ['new-referral', 'referral-changed', 'referral-withdrawn'].map((kind) => ({
          kind,
          recipient: `provider:${agency!.provider_id}`,
          facts: expect.objectContaining({ referralId: wanted.referralId }),
        })),
      );
    });

    it('extensions, declarations and a setting’s change side by side all succeed: the locks are taken in one order', async () => {
      const officer = await token({ subject: 'officer', roles: ['council.placements'], council: COUNCIL });
      const EXTEND = `mutation($input: ExtendReferralWindowInput!) { extendReferralWindow(input: $input) { referralId } }`;
      const opened = [referral(), referral(), referral()];
      for (const r of opened) await deliverOpened(r);
      // Each inside its window first (the test region's is 3 seconds): only open referrals are locked together.
      for (const r of opened) {
        const done = await gql(EXTEND, officer, { input: { referralId: r.referralId, hours: 48 } });
        expect(done.errors).toBeUndefined();
      }
      // Each extension locks its own referral and then every open one; taken the other way round, two of them each
      // hold one the other waits for, and PostgreSQL ends one as a deadlock.
      const rounds = await Promise.all([
        ...[...opened, ...opened].map((r) => gql(EXTEND, officer, { input: { referralId: r.referralId, hours: 1 } })),
        declare(ownerToken, ownUrn),
        gql(
          `mutation { updateSetting(input: { urn: "${ownUrn}", ageMin: 8, ageMax: 17, sex: "mixed" }) { urn } }`,
          ownerToken,
        ),
      ]);
      expect(rounds.map((r) => r.errors?.map((e) => e.message) ?? [])).toEqual(rounds.map(() => []));
    });
  });
});
