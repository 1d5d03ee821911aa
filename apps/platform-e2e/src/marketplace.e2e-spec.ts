import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Consumer } from 'kafkajs';
import { TOPICS } from '@rcc/contracts';
import { repoRoot } from '@rcc/platform';
import { openReferralInput, sql, startRegion, waitFor, type TestRegion, testKafka } from '@rcc/testing';

/**
 * The referral marketplace end to end, through the gateway, as separate processes on real PostgreSQL and Kafka: the
 * hub imports the synthetic West Midlands-like provider list, providers declare vacancies, a council raises a
 * referral that reaches exactly the eligible settings, an offer returns to that council only, and a referral nobody
 * answers becomes an unmet-need event on the broker.
 */
const STAFFS = { code: 'E10000028', name: 'Staffordshire', sample: '2021' };
const STOKE = { code: 'E06000021', name: 'Stoke-on-Trent', sample: '2020' };
const CHILD = '62551'; // in both sample headers: a girl born 18/03/2005 (13 on the start date below: age band 10-15)
const WINDOW_SECONDS = 25;

interface SettingView {
  urn: string;
  providerId: string;
  settingType: string;
  registrationStatus: string;
  ageMin: number;
  ageMax: number;
  sex: string;
  needFlags: string[];
  postcodeDistrict: string | null;
  registeredPlaces: number;
}

interface CouncilReferral {
  id: string;
  status: string;
  responses: {
    responseId: string;
    settingUrn: string;
    response: string;
    weeklyPricePence: number | null;
    declineReason: string | null;
  }[];
}

/** A planned referral for residential care only, at some risk of going missing, asking for therapeutic support. */
const referralInput = (needs: string[]) =>
  openReferralInput(CHILD, {
    startBy: '2018-09-01',
    suitability: { fostering: 'unsuitable', residential: 'preferred', supported: 'unsuitable' },
    risksToChild: [{ risk: 'going-missing', level: 'low' }],
    support: ['therapeutic-support'],
    needs,
  });

describe('marketplace: a provider list, two councils, referrals, offers and unmet need through the gateway', () => {
  let region: TestRegion;
  let hub: string;
  const placements: Record<string, string> = {};
  const providerTokens = new Map<string, string>();
  let unmetReader: Consumer;
  const unmet: { key: string; envelope: { type: string; payload: Record<string, unknown> } }[] = [];
  let chosen: { a: SettingView; b: SettingView; wrongNeeds: SettingView; fostering: SettingView; far: SettingView };

  const providerToken = async (providerId: string) => {
    if (!providerTokens.has(providerId)) {
      providerTokens.set(
        providerId,
        await region.token({
          subject: `user-${providerId.slice(0, 8)}`,
          roles: ['provider.user'],
          provider: providerId,
        }),
      );
    }
    return providerTokens.get(providerId)!;
  };
  const registryDb = () => region.databases['registry']!.url;

  beforeAll(async () => {
    region = await startRegion({
      councils: [STAFFS, STOKE],
      env: { registry: { RCC_REFERRAL_WINDOW_SECONDS: String(WINDOW_SECONDS), RCC_SWEEP_INTERVAL_SECONDS: '1' } },
    });
    hub = await region.token({ subject: 'hub', roles: ['hub.commissioner'] });
    for (const c of [STAFFS, STOKE]) {
      placements[c.code] = await region.token({
        subject: `placements-${c.code}`,
        roles: ['council.placements'],
        council: c.code,
      });
      const analyst = await region.token({ subject: `analyst-${c.code}`, roles: ['council.analyst'], council: c.code });
      const files = ['header', 'episodes'].map((t) => ({
        name: `${c.sample}-${t}.csv`,
        content: readFileSync(join(repoRoot(), 'infra/demo/ssda903', `${c.sample}-${t}.csv`), 'utf8'),
      }));
      const imported = await region.gql(
        `mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { children } }`,
        analyst,
        { input: { files } },
      );
      expect(imported.errors).toBeUndefined();
    }
    unmetReader = testKafka('e2e-market').consumer({
      groupId: `${region.prefix}e2e-market`,
    });
    await unmetReader.connect();
    await unmetReader.subscribe({ topic: `${region.prefix}${TOPICS.registryMarket}`, fromBeginning: true });
    await unmetReader.run({
      eachMessage: async ({ message }) => {
        unmet.push({ key: message.key!.toString(), envelope: JSON.parse(message.value!.toString()) });
      },
    });
  }, 240_000);

  afterAll(async () => {
    await unmetReader?.disconnect();
    await region?.stop();
  });

  it('the hub imports a realistic region from the provider list through the gateway', async () => {
    const csv = readFileSync(join(repoRoot(), 'infra/demo/providers/providers.csv'), 'utf8');
    const result = await region.gql<{
      importProviders: { rows: number; new: number; closed: number; outOfScope: number };
    }>(
      `mutation($input: ImportProvidersInput!) { importProviders(input: $input) { rows new closed outOfScope } }`,
      hub,
      { input: { files: [{ name: 'providers.csv', content: csv, encoding: 'utf8' }] } },
    );
    expect(result.errors).toBeUndefined();
    const s = result.data!.importProviders;
    expect(s.rows).toBeGreaterThanOrEqual(300);
    expect(s.new + s.closed).toBe(s.rows);
    const settings = await region.gql<{ settings: SettingView[] }>(
      `{ settings { urn providerId settingType registrationStatus ageMin ageMax sex needFlags postcodeDistrict registeredPlaces } }`,
      hub,
    );
    expect(settings.errors).toBeUndefined();
    expect(settings.data!.settings).toHaveLength(s.rows);

    // Pick settings that test each side of eligibility (a girl of 10-15, emotional and behavioural needs, near ST4).
    const all = settings.data!.settings.filter((x) => x.registrationStatus === 'registered');
    const fitsChild = (x: SettingView) => x.ageMin <= 15 && x.ageMax >= 10 && x.sex !== 'male';
    const homes = all.filter((x) => x.settingType === 'childrens-home' && fitsChild(x));
    const ebd = homes.filter((x) => x.needFlags.includes('emotional-behavioural'));
    const a = ebd.find((x) => x.postcodeDistrict?.startsWith('ST'))!;
    const b = ebd.find(
      (x) => x.postcodeDistrict?.startsWith('ST') && x.urn !== a.urn && x.providerId !== a.providerId,
    )!;
    const wrongNeeds = homes.find(
      (x) => !x.needFlags.includes('emotional-behavioural') && x.postcodeDistrict?.startsWith('ST'),
    )!;
    const fostering = all.find(
      (x) => x.settingType === 'independent-fostering-agency' && x.postcodeDistrict?.startsWith('ST'),
    )!;
    const far = ebd.find(
      (x) => x.postcodeDistrict?.startsWith('WR') && x.providerId !== a.providerId && x.providerId !== b.providerId,
    )!;
    chosen = { a, b, wrongNeeds, fostering, far };
    for (const [name, setting] of Object.entries(chosen)) expect([name, setting]).toEqual([name, expect.anything()]);

    // Every provider declares a vacancy for its setting through the gateway, as itself.
    for (const setting of Object.values(chosen)) {
      const declared = await region.gql<{ declareVacancy: { vacancies: number } }>(
        `mutation($input: DeclareVacancyInput!) { declareVacancy(input: $input) { vacancies } }`,
        await providerToken(setting.providerId),
        {
          input: {
            urn: setting.urn,
            // Within what Ofsted registered (ADR 0050): places, ages and needs; a fostering agency is not capped.
            vacancies:
              setting.settingType === 'independent-fostering-agency' ? 2 : Math.min(2, setting.registeredPlaces),
            ageBands: ['10-15'],
            canMeet:
              setting.settingType === 'independent-fostering-agency' ||
              setting.needFlags.includes('emotional-behavioural')
                ? ['emotional-behavioural']
                : [],
            availableUntil: '2099-12-31',
          },
        },
      );
      expect(declared.errors).toBeUndefined();
    }
    // ...and cannot for another provider's setting.
    const stolen = await region.gql(
      `mutation($input: DeclareVacancyInput!) { declareVacancy(input: $input) { vacancies } }`,
      await providerToken(chosen.far.providerId),
      { input: { urn: chosen.a.urn, vacancies: 1, ageBands: ['10-15'], canMeet: [], availableUntil: '2099-12-31' } },
    );
    expect(stolen.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  let staffsReferral: string;

  it('a referral raised in a council reaches exactly the eligible settings, and only their providers see it', async () => {
    const opened = await region.gql<{ openReferral: { id: string } }>(
      `mutation($input: OpenReferralInput!) { openReferral(input: $input) { id } }`,
      placements[STAFFS.code],
      { input: referralInput(['emotional-behavioural']) },
    );
    expect(opened.errors).toBeUndefined();
    staffsReferral = opened.data!.openReferral.id;
    const { a, b, wrongNeeds, fostering, far } = chosen;

    const seenBy = async (providerId: string) =>
      (
        await region.gql<{
          providerReferrals: {
            id: string;
            ageBand: string;
            needs: string[];
            matches: { settingUrn: string; distance: string }[];
          }[];
        }>(
          `{ providerReferrals { id ageBand needs matches { settingUrn distance } } }`,
          await providerToken(providerId),
        )
      ).data!.providerReferrals.filter((r) => r.id === staffsReferral);
    const [forA] = await waitFor(
      async () => {
        const list = await seenBy(a.providerId);
        return list.length > 0 ? list : undefined;
      },
      'the referral to reach the first eligible provider',
      60_000,
    );
    expect(forA).toMatchObject({ ageBand: '10-15', needs: ['emotional-behavioural'] });
    expect(forA!.matches).toContainEqual({
      settingUrn: a.urn,
      distance: a.postcodeDistrict === 'ST4' ? 'near' : 'mid',
    });

    const notified = await sql<{ setting_urn: string }>(
      registryDb(),
      `SELECT setting_urn FROM referral_notification WHERE referral_id = $1 ORDER BY setting_urn`,
      [staffsReferral],
    );
    expect(notified.map((n) => n.setting_urn)).toEqual([a.urn, b.urn].sort());
    expect((await seenBy(b.providerId)).length).toBe(1);
    for (const other of [wrongNeeds, fostering, far]) {
      if (other.providerId === a.providerId || other.providerId === b.providerId) continue;
      expect(await seenBy(other.providerId)).toEqual([]);
    }
    // A provider token reaches no council data through the gateway.
    const councilData = await region.gql(`{ councilReferrals { id childId } }`, await providerToken(a.providerId));
    expect(councilData.data ?? null).toBeNull();
    expect(councilData.errors?.length).toBeGreaterThan(0);
  });

  it("an offer returns to the raising council only; a provider never sees another provider's answer", async () => {
    const RESPOND = `mutation($input: RespondToReferralInput!) { respondToReferral(input: $input) { id response } }`;
    const offer = await region.gql<{ respondToReferral: { id: string } }>(
      RESPOND,
      await providerToken(chosen.a.providerId),
      {
        input: {
          referralId: staffsReferral,
          settingUrn: chosen.a.urn,
          response: 'offer',
          weeklyPricePence: 650_000,
          startDate: '2099-01-05',
        },
      },
    );
    expect(offer.errors).toBeUndefined();
    const decline = await region.gql(RESPOND, await providerToken(chosen.b.providerId), {
      input: { referralId: staffsReferral, settingUrn: chosen.b.urn, response: 'decline', declineReason: 'staffing' },
    });
    expect(decline.errors).toBeUndefined();

    const responses = await waitFor(
      async () => {
        const r = await region.gql<{ councilReferrals: CouncilReferral[] }>(
          `{ councilReferrals { id status responses { responseId settingUrn response weeklyPricePence declineReason } } }`,
          placements[STAFFS.code],
        );
        const mine = r.data?.councilReferrals.find((x) => x.id === staffsReferral);
        return mine && mine.responses.length === 2 ? mine.responses : undefined;
      },
      'both answers to reach Staffordshire',
      60_000,
    );
    expect(responses.map((r) => [r.settingUrn, r.response, r.weeklyPricePence, r.declineReason]).sort()).toEqual(
      [
        [chosen.a.urn, 'offer', 650_000, null],
        [chosen.b.urn, 'decline', null, 'staffing'],
      ].sort(),
    );

    // Stoke-on-Trent sees none of it, through the gateway or in its own database.
    const stoke = await region.gql<{ councilReferrals: CouncilReferral[] }>(
      `{ councilReferrals { id responses { responseId } } }`,
      placements[STOKE.code],
    );
    expect(stoke.errors).toBeUndefined();
    expect(stoke.data!.councilReferrals.find((r) => r.id === staffsReferral)).toBeUndefined();
    expect(await sql(region.databases[STOKE.code]!.url, 'SELECT 1 FROM referral_response')).toEqual([]);

    // Provider B sees its own decline and not A's offer.
    const bView = await region.gql<{
      providerReferrals: { id: string; matches: { settingUrn: string; response: { response: string } | null }[] }[];
    }>(
      `{ providerReferrals { id matches { settingUrn response { response } } } }`,
      await providerToken(chosen.b.providerId),
    );
    const seen = bView.data!.providerReferrals.find((r) => r.id === staffsReferral)!;
    expect(seen.matches).toEqual([{ settingUrn: chosen.b.urn, response: { response: 'decline' } }]);

    // The council accepts the offer: the placement closes the referral in the registry too.
    const accepted = await region.gql<{ acceptOffer: { status: string } }>(
      `mutation($input: AcceptOfferInput!) { acceptOffer(input: $input) { status } }`,
      placements[STAFFS.code],
      { input: { responseId: responses.find((r) => r.response === 'offer')!.responseId, route: 'spot' } },
    );
    expect(accepted.errors).toBeUndefined();
    await waitFor(
      async () =>
        (
          await sql<{ status: string }>(registryDb(), `SELECT status FROM market_referral WHERE id = $1`, [
            staffsReferral,
          ])
        )[0]?.status === 'placed',
      'the registry to see the referral placed',
      60_000,
    );
  });

  it('a referral nobody answers becomes an unmet-need event on Kafka, keyed by its council', async () => {
    const opened = await region.gql<{ openReferral: { id: string } }>(
      `mutation($input: OpenReferralInput!) { openReferral(input: $input) { id } }`,
      placements[STOKE.code],
      { input: referralInput(['emotional-behavioural']) },
    );
    expect(opened.errors).toBeUndefined();
    const id = opened.data!.openReferral.id;
    const event = await waitFor(
      async () => unmet.find((u) => u.envelope.payload['referralId'] === id),
      'the unmet-need event',
      (WINDOW_SECONDS + 60) * 1000,
    );
    expect(event.key).toBe(STOKE.code);
    expect(event.envelope.type).toBe('registry.unmet-need');
    expect(event.envelope.payload).toMatchObject({
      councilCode: STOKE.code,
      trigger: 'no-offer-in-window',
      ageBand: '10-15',
      needs: ['emotional-behavioural'],
      eligibleSettings: 2,
      declines: [],
    });
    // Anonymised: nothing that names the child.
    expect(JSON.stringify(event.envelope.payload)).not.toContain(CHILD);
    // The answered and placed referral never became unmet need.
    expect(unmet.some((u) => u.envelope.payload['referralId'] === staffsReferral)).toBe(false);

    // Analytics takes the registry's events through its inbox, and no service dead-lettered anything.
    await waitFor(
      async () =>
        (
          await sql(
            region.databases['analytics']!.url,
            `SELECT 1 FROM inbox WHERE event_type = 'registry.unmet-need.v1' AND outcome = 'processed'`,
          )
        ).length >= 1,
      'analytics to take the unmet-need event',
      60_000,
    );
    for (const service of ['registry', 'analytics', STAFFS.code, STOKE.code]) {
      const dead = await sql<{ event_type: string; detail: string }>(
        region.databases[service]!.url,
        `SELECT event_type, detail FROM inbox WHERE outcome = 'dead-lettered'`,
      );
      expect({ service, dead }).toEqual({ service, dead: [] });
    }
  });
});
