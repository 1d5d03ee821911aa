import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import { sql, waitFor, type SpawnedService, type TestRegion } from '@rcc/testing';

import { councilName } from './platform/council-names.js';
import { openBrowser, type TestBrowser } from './test/browser.js';
import { demoSignIn, startWebRegion, stopWebRegion } from './test/web-region.js';

/** Bids are refused after the deadline (docs/adr/0052): a deadline that has not passed whenever the test runs. */
const BIDS_CLOSE = `${new Date().getUTCFullYear() + 1}-12-31`;
/**
 * The analytics pages and the marketplace and ledger journeys in Chromium, on a region seeded through the gateway as
 * its users would: the Ofsted provider list, five years of Staffordshire's SSDA903 returns (enough to back-test a
 * forecast), a tender awarded as a two-bed block contract, block and spot placements, January 2025 closed, and the
 * demand profile published. Every figure asserted comes from that data; axe-core must report no WCAG 2.x A/AA
 * violation on any page; screenshots go to test-output/screenshots/.
 */
const COUNCIL = { code: 'E10000028', name: 'Staffordshire' };
const root = repoRoot();
const demo = (name: string) => readFileSync(join(root, 'infra/demo/ssda903', name), 'utf8');
const YEARS = ['2017', '2018', '2019', '2020', '2021'];
const FORECAST_TIMEOUT = 300_000;

interface Setting {
  urn: string;
  name: string | null;
  providerId: string;
  settingType: string;
  registrationStatus: string;
  ageMin: number;
  ageMax: number;
  sex: string;
  needFlags: string[];
  postcodeDistrict: string | null;
  localAuthorityCode: string | null;
}

interface Child {
  id: string;
  sex: string;
  dob: Date;
}

/** Children of the 2021 return (id, sex 1 male / 2 female, date of birth). */
function children(): Child[] {
  return demo('2021-header.csv')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => {
      const [id, sex, dob] = l.split(',') as [string, string, string];
      const [d, m, y] = dob.split('/').map(Number) as [number, number, number];
      return { id, sex, dob: new Date(Date.UTC(y, m - 1, d)) };
    });
}

const ageOn = (dob: Date, on: Date) => {
  let age = on.getUTCFullYear() - dob.getUTCFullYear();
  if (
    on.getUTCMonth() < dob.getUTCMonth() ||
    (on.getUTCMonth() === dob.getUTCMonth() && on.getUTCDate() < dob.getUTCDate())
  )
    age -= 1;
  return age;
};

const referral = (childId: string, startBy: string, localities: string[]) => ({
  childId,
  kind: 'planned',
  startBy,
  siblings: 0,
  localities,
  closeToFamily: true,
  mustStayAtSchool: false,
  suitability: { fostering: 'unsuitable', residential: 'preferred', supported: 'unsuitable' },
  ratio: 'standard',
  risksToChild: [],
  risksToOthers: [],
  support: [],
  needs: [],
});

const TENDER = 'id status lots { id contractId }';

describe('web front end: analytics pages, a provider answering referrals, a closed month, in Chromium with axe', () => {
  let region: TestRegion;
  let web: SpawnedService;
  let browser: TestBrowser;
  let page: Page;
  const tokens: Record<string, string> = {};
  let home: Setting;
  let providerName: string;
  let contractId: string;
  let snapshotAsAt: string;
  const girls: string[] = [];

  const gql = async <T>(who: string, query: string, variables?: Record<string, unknown>): Promise<T> => {
    const r = await region.gql<T>(query, tokens[who], variables);
    if (r.errors) throw new Error(`${who}: ${JSON.stringify(r.errors)}\n${region.logs().slice(-4000)}`);
    return r.data!;
  };

  const audit = (name: string) => browser.audit(name);

  /** Runs a click that loads a new page, and waits until that page has loaded (not the old one's elements). */
  async function follow(click: Promise<void>): Promise<void> {
    await Promise.all([
      page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: FORECAST_TIMEOUT }),
      click,
    ]);
    await page.waitForLoadState('load');
  }

  const { signInAs, signOut } = demoSignIn(
    () => page,
    () => web.url,
  );

  /** The home declares two places (ages 10 to 15, and 16 and over) until 2099. */
  const declareTwoPlaces = () =>
    gql('provider', `mutation($input: DeclareVacancyInput!) { declareVacancy(input: $input) { vacancies } }`, {
      input: {
        urn: home.urn,
        vacancies: 2,
        ageBands: ['10-15', '16-plus'],
        canMeet: home.needFlags,
        availableUntil: '2099-12-31',
      },
    });

  /** Each element's text, spaces collapsed; for table rows, the cells' texts joined by one space. */
  const cells = async (selector: string) =>
    page
      .locator(selector)
      .evaluateAll((els) =>
        els.map((el) =>
          (el.tagName === 'TR' ? [...el.children].map((c) => c.textContent ?? '').join(' ') : (el.textContent ?? ''))
            .replace(/\s+/g, ' ')
            .trim(),
        ),
      );

  beforeAll(async () => {
    ({ region, web } = await startWebRegion([COUNCIL], (r) => ({
      RCC_ANALYTICS_URL: r.subgraphUrls['analytics']!.replace(/\/graphql$/, ''),
      RCC_WEB_FORECAST_TIMEOUT_MS: String(FORECAST_TIMEOUT),
    })));
    tokens['hub'] = await region.token({ subject: 'hub-1', roles: ['hub.commissioner'] });
    tokens['analyst'] = await region.token({ subject: 'a-1', roles: ['council.analyst'], council: COUNCIL.code });
    tokens['placements'] = await region.token({
      subject: 'p-1',
      roles: ['council.placements'],
      council: COUNCIL.code,
    });

    // The Ofsted provider list; a registered children's home near Stoke for girls of 10 to 15 declares two places.
    await gql('hub', `mutation($input: ImportProvidersInput!) { importProviders(input: $input) { rows } }`, {
      input: {
        files: [
          { name: 'providers.csv', content: readFileSync(join(root, 'infra/demo/providers/providers.csv'), 'utf8') },
        ],
      },
    });
    const { settings } = await gql<{ settings: Setting[] }>(
      'hub',
      `{ settings { urn name providerId settingType registrationStatus ageMin ageMax sex needFlags postcodeDistrict localAuthorityCode } }`,
    );
    home = settings.find(
      (x) =>
        x.registrationStatus === 'registered' &&
        x.settingType === 'childrens-home' &&
        x.ageMin <= 10 &&
        x.ageMax >= 15 &&
        x.sex !== 'male' &&
        x.postcodeDistrict?.startsWith('ST') &&
        x.localAuthorityCode,
    )!;
    expect(home).toBeDefined();
    const { providers } = await gql<{ providers: { id: string; name: string }[] }>('hub', '{ providers { id name } }');
    providerName = providers.find((p) => p.id === home.providerId)!.name;
    tokens['provider'] = await region.token({ subject: 'pr-1', roles: ['provider.user'], provider: home.providerId });
    await declareTwoPlaces();

    // Five years of returns: monthly moves for the forecasts, the latest snapshot for the profile.
    const imported = await gql<{ importSsda903: { snapshotAsAt: string } }>(
      'analyst',
      `mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { snapshotAsAt } }`,
      {
        input: {
          files: YEARS.flatMap((y) =>
            ['header', 'episodes'].map((t) => ({ name: `${y}-${t}.csv`, content: demo(`${y}-${t}.csv`) })),
          ),
        },
      },
    );
    snapshotAsAt = imported.importSsda903.snapshotAsAt;

    // A tender for two beds, awarded to that provider: a block contract from 1 January 2025 at £7,000 a bed a week.
    const created = await gql<{ createTender: { id: string; lots: { id: string }[] } }>(
      'hub',
      `mutation($input: CreateTenderInput!) { createTender(input: $input) { ${TENDER} } }`,
      {
        input: {
          title: 'Two beds near Stoke',
          qualityQuestions: ['How will you keep children safe?'],
          timetable: { publishOn: '2024-11-01', bidsCloseOn: BIDS_CLOSE, awardBy: BIDS_CLOSE },
          lots: [{ title: 'Lot 1', settingType: 'childrens-home', needs: [], locality: 'ST4', beds: 2, termMonths: 3 }],
          councils: [{ councilCode: COUNCIL.code, beds: 2 }],
        },
      },
    );
    const tenderId = created.createTender.id;
    const move = (name: string) =>
      gql<{ [k: string]: { lots: { contractId: string | null }[] } }>(
        'hub',
        `mutation($input: TenderTransitionInput!) { ${name}(input: $input) { ${TENDER} } }`,
        { input: { tenderId } },
      );
    await move('publishTender');
    await move('openTenderForBids');
    const bid = await gql<{ submitBid: { id: string } }>(
      'provider',
      `mutation($input: SubmitBidInput!) { submitBid(input: $input) { id } }`,
      {
        input: {
          lotId: created.createTender.lots[0]!.id,
          settingUrns: [home.urn],
          beds: 2,
          weeklyPricePerBedPence: 700_000,
          startDate: '2025-01-01',
          qualityAnswers: [{ question: 0, answer: 'Trained staff and a missing-from-home protocol.' }],
        },
      },
    );
    await move('closeTenderBidding');
    await gql('hub', `mutation($input: ScoreBidInput!) { scoreBid(input: $input) { id } }`, {
      input: { bidId: bid.submitBid.id, qualityScore: 80 },
    });
    contractId = (await move('awardTender'))['awardTender']!.lots[0]!.contractId!;

    // Placements: one in the block 1-16 January 2025 (16 of 62 bed-nights), three spot at £4,000, £5,000, £6,000.
    const all = children();
    const place = async (childId: string, input: Record<string, unknown>) => {
      const opened = await gql<{ openReferral: { id: string } }>(
        'placements',
        `mutation($input: OpenReferralInput!) { openReferral(input: $input) { id } }`,
        { input: referral(childId, '2025-01-01', ['ST4 2']) },
      );
      await gql('placements', `mutation($input: RecordPlacementInput!) { recordPlacement(input: $input) { id } }`, {
        input: { referralId: opened.openReferral.id, settingUrn: home.urn, placementCategory: 'residential', ...input },
      });
      return opened.openReferral.id;
    };
    const block = await place(all[0]!.id, {
      route: 'block',
      contractId,
      weeklyCostPence: 700_000,
      startDate: '2025-01-01',
    });
    await gql('placements', `mutation($input: EndPlacementInput!) { endPlacement(input: $input) { id } }`, {
      input: { referralId: block, endDate: '2025-01-17' },
    });
    for (const [i, pence] of [400_000, 500_000, 600_000].entries())
      await place(all[i + 1]!.id, { route: 'spot', weeklyCostPence: pence, startDate: '2025-01-05' });
    const commissioning = region.databases['commissioning']!.url;
    await waitFor(
      async () =>
        Number(
          (
            await sql<{ n: string }>(commissioning, `SELECT count(*) AS n FROM placement WHERE end_date IS NOT NULL`)
          )[0]!.n,
        ) === 1 && Number((await sql<{ n: string }>(commissioning, `SELECT count(*) AS n FROM placement`))[0]!.n) === 4,
      `commissioning to hold the four placements\n${region.logs().slice(-3000)}`,
      60_000,
    );
    // Recording those placements took the home's declared beds (ADR 0050), in the registry, as each referral's
    // closing event arrives there: once it has taken them for all four, the provider declares its two places again
    // (declared sooner, a late placement would take one of the new places).
    const registry = region.databases['registry']!.url;
    await waitFor(
      async () =>
        Number(
          (
            await sql<{ n: string }>(
              registry,
              `SELECT count(*) AS n FROM vacancy WHERE setting_urn = $1 AND placed_referral_id IS NOT NULL`,
              [home.urn],
            )
          )[0]!.n,
        ) === 4,
      `the registry to take the places of the four placements\n${region.logs().slice(-3000)}`,
      60_000,
    );
    await declareTwoPlaces();
    await waitFor(
      async () =>
        (
          await gql<{ sufficiencyGaps: { byLocality: { localAuthorityCode: string; declaredVacancies: number }[] } }>(
            'hub',
            '{ sufficiencyGaps { byLocality { localAuthorityCode declaredVacancies } } }',
          )
        ).sufficiencyGaps.byLocality
          .filter((l) => l.localAuthorityCode === home.localAuthorityCode)
          .reduce((n, l) => n + l.declaredVacancies, 0) === 2,
      'analytics to count the two places declared again',
      60_000,
    );
    await gql('hub', `mutation($input: ClosePeriodInput!) { closePeriod(input: $input) { period } }`, {
      input: { period: '2025-01' },
    });
    await waitFor(
      async () =>
        (
          await gql<{ priceDistributions: { route: string; n: number }[] }>('hub', '{ priceDistributions { route n } }')
        ).priceDistributions.find((p) => p.route === 'spot')?.n === 3,
      'analytics to hold the three spot prices',
      60_000,
    );
    // The profile is served only as published versions (ADR 28): the hub publishes once analytics holds the council's
    // snapshot for the date (until then publishing is refused, or leaves the council out as not contributing).
    await waitFor(
      async () => {
        const { publishDemandProfile: v } = await gql<{ publishDemandProfile: { councils: string[] } }>(
          'hub',
          `mutation($d: String!) { publishDemandProfile(asAt: $d) { councils } }`,
          { d: snapshotAsAt },
        ).catch(() => ({ publishDemandProfile: { councils: [] as string[] } }));
        return v.councils.includes(COUNCIL.code);
      },
      `the hub to publish the profile pooling the council's snapshot as at ${snapshotAsAt}`,
      60_000,
    );

    // Girls who were 10 to 15 on 1 June 2025 (the demo returns end in 2021), for the referrals the provider answers.
    const startBy = new Date(Date.UTC(2025, 5, 1));
    for (const c of all.slice(4))
      if (c.sex === '2' && ageOn(c.dob, startBy) >= 10 && ageOn(c.dob, startBy) <= 15) girls.push(c.id);
    expect(girls.length).toBeGreaterThanOrEqual(2);

    browser = await openBrowser();
    page = browser.page;
  }, 600_000);

  afterAll(() => stopWebRegion({ browser, web, region }));

  it('the hub reads the sufficiency-gap heat table, prices, block-contract utilisation and the closed month', async () => {
    await signInAs('Regional hub commissioner', '/analytics/gaps');
    expect(new URL(page.url()).pathname).toBe('/analytics/gaps');
    // The two places declared are residential supply in the home's local authority: "2, Few"; elsewhere "0, None".
    const heat = page.locator('#gap-heat-table');
    const headers = await cells('#gap-heat-table thead th');
    const column = headers.findIndex((h) => h.includes(councilName(home.localAuthorityCode!, [COUNCIL])));
    expect(column).toBeGreaterThan(0);
    const residential = page.locator('#gap-heat-table tbody tr', { hasText: 'Residential' });
    await expect(
      residential
        .locator('td')
        .nth(column - 1)
        .textContent()
        .then((t) => t!.replace(/\s+/g, ' ').trim()),
    ).resolves.toBe('2 Few');
    // Every other type and place has none; the last row totals each column.
    const values = await heat
      .locator('tbody tr:not(:last-child) td')
      .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    expect(values.reduce((a, b) => a + b, 0)).toBe(2);
    const all = await cells('#gap-heat-table tbody tr:last-child');
    expect(all[0]).toMatch(/^All placement types( 0 None)* 2 Few( 0 None)*$/);
    await expect(cells('#gap-heat-table-legend li')).resolves.toEqual([
      'None 0 declared vacancies',
      'Few 1 to 2 declared vacancies',
      'Some 3 to 5 declared vacancies',
      'Many 6 or more declared vacancies',
    ]);

    // Residential: the two places declared; no open or unmet referral (all four were placed); the block contract
    // ended on 1 April 2025, so no block beds are in force today.
    const row = (await cells('#gap-category-table tbody tr')).find((r) => r.startsWith('Residential'));
    expect(row).toMatch(/^Residential \d+ 0 0 2 0 0 0$/);
    await audit('hub-gaps');

    await follow(page.getByRole('link', { name: 'Prices' }).click());
    const prices = await cells('#prices-table tbody tr');
    expect(prices).toContain('Residential Spot purchase 3 £4,000.00 £4,500.00 £5,000.00 £5,500.00 £6,000.00');
    expect(prices).toContain('Residential Block contract 1 £7,000.00 £7,000.00 £7,000.00 £7,000.00 £7,000.00');
    expect(await page.locator('main').textContent()).not.toMatch(/mean|average price/i);
    await audit('hub-prices');

    // January 2025: 2 beds x 31 nights = 62 bed-nights, 16 used (1-16 January), 46 void at £1,000 a night.
    await follow(page.getByRole('link', { name: 'Utilisation' }).click());
    await expect(cells('#utilisation-table tbody tr')).resolves.toEqual([
      `Lot 1 Residential 2 1 62 16 46 25.8% £62,000.00 £46,000.00`,
    ]);
    await audit('hub-utilisation');

    await follow(page.getByRole('link', { name: 'Contracts' }).click());
    await expect(page.getByRole('heading', { name: 'Statements for January 2025' }).count()).resolves.toBe(1);
    await expect(cells('#contract-statements tbody tr')).resolves.toEqual([
      `Lot 1 ${providerName} 62 16 46 25.8% £62,000.00 £46,000.00 Reconciles`,
    ]);
    await audit('hub-closed-statement');
    await signOut();

    // The council sees its own closed-month statement and its own utilisation.
    await signInAs(`${COUNCIL.name}: data analyst`, '/council/statements');
    await expect(page.getByRole('heading', { name: 'Statements for January 2025' }).count()).resolves.toBe(1);
    const own = await cells('#council-statements tbody tr');
    expect(own).toHaveLength(1);
    expect(own[0]).toMatch(
      new RegExp(`^${COUNCIL.name} 16 .* Reconciles CSV statement for ${COUNCIL.name}, January 2025$`),
    );
    await audit('council-closed-statement');
    await follow(page.getByRole('link', { name: 'Utilisation' }).click());
    await expect(cells('#utilisation-table tbody tr')).resolves.toEqual([
      `Lot 1 Residential 2 1 62 16 46 25.8% £62,000.00 £46,000.00`,
    ]);
    await signOut();
  }, 300_000);

  it(
    'the hub reads the forecasts as fan charts with their back-test, and re-runs them under a scenario',
    async () => {
      await signInAs('Regional hub commissioner');
      const query = `query($scenario: ForecastScenarioInput) { forecasts(horizon: 12, scenario: $scenario, seed: 1) {
      key status source months chosenLabel maseRatioToStraightLine backtest { model mase } chosenModel
      projection { total { point } } scenarioProjection { scenarioName total { point } } } }`;
      type F = {
        key: string;
        status: string;
        source: string;
        months: number;
        chosenLabel: string;
        chosenModel: string;
        maseRatioToStraightLine: number;
        backtest: { model: string; mase: number }[];
        projection: { total: { point: number }[] } | null;
        scenarioProjection: { scenarioName: string; total: { point: number }[] } | null;
      };
      const api = async (scenario?: unknown) => {
        const r = await graphqlRequest<{ forecasts: F[] }>(region.gatewayUrl, query, {
          token: tokens['hub'],
          variables: { scenario: scenario ?? null },
          timeoutMs: FORECAST_TIMEOUT,
        });
        if (r.errors) throw new Error(JSON.stringify(r.errors));
        return r.data!.forecasts;
      };

      let last: unknown;
      const [staffs] = await waitFor(
        async () => {
          const list = await api();
          const s = list.find((f) => f.key === COUNCIL.code);
          last = list.map((f) => ({ ...f, backtest: undefined, projection: Boolean(f.projection) }));
          return s?.status === 'ok' ? [s] : undefined;
        },
        'Staffordshire’s forecast to have enough months',
        FORECAST_TIMEOUT,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; last answer: ${JSON.stringify(last)}`);
      });

      // What the seeded data gives (for the report): the Markov projection needs the monthly-moves source.
      console.warn(
        `forecast ${staffs!.key}: ${staffs!.months} months from ${staffs!.source}, ${staffs!.chosenLabel}; projection ${staffs!.projection ? 'yes' : 'no'}`,
      );
      page.setDefaultNavigationTimeout(FORECAST_TIMEOUT);
      await follow(page.getByRole('link', { name: 'Forecasts' }).click());
      const section = page.locator(`#forecast-${COUNCIL.code.toLowerCase()}`);
      await expect(section.locator('svg title').textContent()).resolves.toMatch(
        /^Children looked after in Staffordshire/,
      );
      expect(await section.locator('svg .app-fan-80').count()).toBe(1);
      expect(await section.locator('svg .app-fan-95').count()).toBe(1);
      const error = await cells(`#forecast-${COUNCIL.code.toLowerCase()}-error .govuk-summary-list__row`);
      const chosenMase = staffs!.backtest.find((b) => b.model === staffs!.chosenModel)!.mase;
      expect(error[0]).toBe(`Model ${staffs!.chosenLabel}`);
      expect(error[2]).toBe(`MASE ${chosenMase.toFixed(2)}`);
      expect(error).toContain(
        `Against the councils’ method ${staffs!.maseRatioToStraightLine.toFixed(2)} times its error`,
      );
      await expect(section.locator(`#forecast-${COUNCIL.code.toLowerCase()}-plain`).textContent()).resolves.toMatch(
        /^Tested on past months, this forecast was out by about \d+\.\d children on average/,
      );
      expect(error.some((e) => /^80% coverage \d+\.\d%$/.test(e))).toBe(true);
      await audit('hub-forecasts');

      // A bad multiplier: the error summary, nothing run.
      await page.getByLabel('Multiply their arrivals into care by (optional)').fill('lots');
      await follow(page.getByRole('button', { name: 'Show forecasts' }).click());
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
        'Arrivals multiplier must be a number from 0 to 100',
      );
      await audit('hub-forecasts-error');

      // Arrivals of 16 and over doubled: the projection is re-run under the scenario.
      await page.getByLabel('Arrivals of which children').selectOption('16-plus');
      await page.getByLabel('Multiply their arrivals into care by (optional)').fill('2');
      await follow(page.getByRole('button', { name: 'Show forecasts' }).click());
      const name = 'Arrivals of children aged 16 and over x 2';
      await expect(page.locator('#scenario-applied').textContent()).resolves.toContain(name);
      const [withScenario] = (await api({ name, entries: [{ states: ['*/16-plus'], scale: 2 }] })).filter(
        (f) => f.key === COUNCIL.code,
      );

      // The fan chart is drawn again for the same series, and the form keeps what was asked.
      expect(await section.locator('svg .app-fan-80').count()).toBe(1);
      await expect(page.getByLabel('Arrivals of which children').inputValue()).resolves.toBe('16-plus');
      // Five years of returns give monthly moves by placement type: the costed projection, re-run under the scenario.
      expect(withScenario!.source).toBe('need-transitions');
      expect(withScenario!.scenarioProjection!.scenarioName).toBe(name);
      const end = withScenario!.scenarioProjection!.total.at(-1)!.point;
      expect(end).toBeGreaterThan(withScenario!.projection!.total.at(-1)!.point);
      const total = (await cells(`#forecast-${COUNCIL.code.toLowerCase()}-projection tbody tr`)).at(-1);
      expect(total).toMatch(new RegExp(`^Total ${Math.round(end)} \\d+ to \\d+$`));
      await expect(section.locator('h3', { hasText: 'Projection by placement type' }).textContent()).resolves.toContain(
        name,
      );
      await audit('hub-forecasts-scenario');
      await signOut();
    },
    FORECAST_TIMEOUT * 3,
  );

  it('the demand profile page links the published open data, and the files download', async () => {
    await signInAs('Provider user', '/demand-profile', home.providerId);
    await expect(page.locator('#open-data-versions tbody tr').count()).resolves.toBe(1);
    await audit('provider-demand-profile-open-data');
    // One CSV per table to the DfE's explore-education-statistics standards, each with its metadata file.
    const direct = await page.request.get(`${web.url}/open-data/demand-profile/latest/placement-by-age.csv`);
    expect({ status: direct.status(), start: (await direct.text()).slice(0, 44) }).toEqual({
      status: 200,
      start: 'time_period,time_identifier,geographic_level',
    });
    // (govuk-visually-hidden adds a space before and after the hidden text.)
    const latestCsv = page.getByRole('link', {
      name: /^Children looked after by placement category and age band \(CSV\)\s*, latest version\s*$/,
    });
    await expect(latestCsv.count()).resolves.toBe(1);
    const [csv] = await Promise.all([page.waitForEvent('download'), latestCsv.click()]);
    expect(csv.suggestedFilename()).toBe('demand-profile-v1-placement-by-age.csv');
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^time_period,time_identifier,geographic_level,country_code,country_name,/);
    expect(text.split('\n').length).toBeGreaterThan(2);
    expect(text).toContain(`${snapshotAsAt.slice(0, 4)},`);
    const [meta] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('link', {
          name: /^metadata\s+for Children looked after by placement category and age band\s*, latest version\s*$/,
        })
        .click(),
    ]);
    expect(meta.suggestedFilename()).toBe('demand-profile-v1-placement-by-age.meta.csv');
    expect(readFileSync((await meta.path())!, 'utf8')).toMatch(/^col_name,col_type,label,/);
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the latest version (JSON)' }).click(),
    ]);
    const parsed = JSON.parse(readFileSync((await json.path())!, 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(parsed)).toContain(snapshotAsAt);
    // An unknown file is a 404 page, not a proxied error.
    const missing = await page.request.get(`${web.url}/open-data/demand-profile/9/placement-by-age.csv`);
    expect(missing.status()).toBe(404);
    // The retired combined CSV says where its tables went.
    const gone = await page.request.get(`${web.url}/open-data/demand-profile/1.csv`);
    expect(gone.status()).toBe(410);
    expect(await gone.text()).toContain('/open-data/demand-profile/1');
    await signOut();
  });

  it('a provider offers a place for one referral and declines another; the council sees the offer', async () => {
    const ids: string[] = [];
    for (const childId of girls.slice(0, 2)) {
      const opened = await gql<{ openReferral: { id: string } }>(
        'placements',
        `mutation($input: OpenReferralInput!) { openReferral(input: $input) { id } }`,
        { input: referral(childId, '2025-06-01', [`${home.postcodeDistrict} 1`]) },
      );
      ids.push(opened.openReferral.id);
    }
    await waitFor(
      async () =>
        (
          await gql<{ providerReferrals: { id: string }[] }>('provider', '{ providerReferrals { id } }')
        ).providerReferrals.filter((r) => ids.includes(r.id)).length === 2,
      'both referrals to reach the provider',
      60_000,
    );
    await signInAs('Provider user', '/provider/referrals', home.providerId);
    expect(new URL(page.url()).pathname).toBe('/provider/referrals');

    // The two new referrals are among those sent to the home (the four placed earlier were sent to it too).
    for (const id of ids)
      expect(await page.locator(`#provider-referrals-table a[href="/provider/referrals/${id}"]`).count()).toBe(1);
    await audit('provider-referrals-two');

    await page.goto(`${web.url}/provider/referrals/${ids[0]}`);
    await follow(page.getByRole('button', { name: 'Send answer' }).click());
    await expect(page.locator('.govuk-error-summary').count()).resolves.toBe(1);
    await audit('provider-referral-errors');
    await page.getByLabel(home.urn, { exact: true }).check();
    await page.getByLabel('Offer a place').check();
    await page.getByLabel('Weekly price, excluding VAT').fill('4,850');
    await page.getByLabel('Day').fill('20');
    await page.getByLabel('Month').fill('12');
    await page.getByLabel('Year').fill('2026');
    await follow(page.getByRole('button', { name: 'Send answer' }).click());
    await expect(page.locator('main').textContent()).resolves.toContain('£4,850.00');
    await audit('provider-referral-offered');

    await page.goto(`${web.url}/provider/referrals/${ids[1]}`);
    await page.getByLabel(home.urn, { exact: true }).check();
    await page.getByLabel('Decline').check();
    await page.getByLabel('No vacancy').check();
    await follow(page.getByRole('button', { name: 'Send answer' }).click());
    await expect(page.locator('main').textContent()).resolves.toContain('No vacancy');
    await audit('provider-referral-declined');
    await signOut();

    await waitFor(
      async () =>
        (
          await gql<{ councilReferrals: { id: string; responses: unknown[] }[] }>(
            'placements',
            '{ councilReferrals { id responses { responseId } } }',
          )
        ).councilReferrals.filter((r) => ids.includes(r.id) && r.responses.length === 1).length === 2,
      'both answers to reach the council',
      60_000,
    );
    await signInAs(`${COUNCIL.name}: placements officer`, `/council/referrals/${ids[0]}`);
    // Offers are cards side by side (ADR 0050): the one offer, with its home, price, start and registration.
    const offers = page.locator('.app-offer');
    await expect(offers.count()).resolves.toBe(1);
    const offer = (await offers.first().textContent())!.replace(/\s+/g, ' ');
    for (const fact of [providerName, `Ofsted URN ${home.urn}`, '£4,850.00', '20 December 2026', 'Registered'])
      expect(offer).toContain(fact);
    await audit('council-referral-offer');
    await page.goto(`${web.url}/council/referrals/${ids[1]}`);
    expect((await cells('#responses-table tbody tr'))[0]).toContain('No vacancy');
    await signOut();
    expect(browser.audited).toEqual([
      'hub-gaps',
      'hub-prices',
      'hub-utilisation',
      'hub-closed-statement',
      'council-closed-statement',
      'hub-forecasts',
      'hub-forecasts-error',
      'hub-forecasts-scenario',
      'provider-demand-profile-open-data',
      'provider-referrals-two',
      'provider-referral-errors',
      'provider-referral-offered',
      'provider-referral-declined',
      'council-referral-offer',
    ]);
  }, 300_000);
});
