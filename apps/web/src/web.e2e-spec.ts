import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { repoRoot } from '@rcc/platform';
import { waitFor, type SpawnedService, type TestRegion } from '@rcc/testing';

import { openBrowser, type TestBrowser } from './test/browser.js';
import { wordingProblems } from './test/page-text.js';
import { demoSignIn, startWebRegion, stopWebRegion } from './test/web-region.js';
/**
 * The web front end as people use it: Debian's Chromium (never a downloaded browser) driven by playwright-core through
 * each role's main journeys, against a whole region on real PostgreSQL and Kafka. On every page visited axe-core runs
 * the WCAG 2.x A/AA rules and must report no violations; key pages are saved to test-output/screenshots/.
 */
// Each page is audited at two widths (docs/adr/0053) and a journey visits a dozen pages: on a loaded machine that takes
// longer than the integration default.
jest.setTimeout(600_000);

const COUNCIL = { code: 'E10000028', name: 'Staffordshire' };
/** A deadline for bids that has not passed whenever the test runs (bids are refused after it, docs/adr/0052). */
const NEXT_YEAR = String(new Date().getUTCFullYear() + 1);
const root = repoRoot();
const sample = (name: string) => readFileSync(join(root, 'infra/demo/ssda903', name));

describe('web front end: each role’s journeys in Chromium, with axe', () => {
  let region: TestRegion;
  let web: SpawnedService;
  let browser: TestBrowser;
  let page: Page;

  /** axe at both widths (docs/adr/0053), then the page's words: dates, names and title (docs/adr/0062). */
  const audit = async (name: string) => {
    await browser.audit(name);
    expect({ page: name, wording: await wordingProblems(page) }).toEqual({ page: name, wording: [] });
  };

  const { signInAs, signOut } = demoSignIn(
    () => page,
    () => web.url,
  );

  beforeAll(async () => {
    ({ region, web } = await startWebRegion([COUNCIL]));
    browser = await openBrowser();
    page = browser.page;
  }, 300_000);

  afterAll(() => stopWebRegion({ browser, web, region }));

  it('a council analyst signs in, imports a return, sees every row error of a bad one, and reads the indicators', async () => {
    await page.goto(`${web.url}/`);
    await audit('public-home');

    await page.goto(`${web.url}/council/imports`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await audit('sign-in');
    await signInAs(`${COUNCIL.name}: data analyst`, '/council/imports');
    expect(new URL(page.url()).pathname).toBe('/council/imports');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Import an SSDA903 return');
    await expect(page.locator('#sharing-table').textContent()).resolves.toMatch(/need-snapshot\s*Yes/);
    await audit('council-import');

    // Nothing chosen: the GOV.UK error summary, linked to the field.
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Select at least one SSDA903 file',
    );
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await audit('council-import-empty');

    await page.setInputFiles('#files', [
      { name: '2021-header.csv', mimeType: 'text/csv', buffer: sample('2021-header.csv') },
      { name: '2021-episodes.csv', mimeType: 'text/csv', buffer: sample('2021-episodes.csv') },
    ]);
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Return imported');
    const children = sample('2021-header.csv').toString().trim().split('\n').length - 1;
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toMatch(
      new RegExp(`Children\\s+${children}\\b`),
    );
    await audit('council-import-result');

    // A header with two bad sexes (rows 3 and 5): rejected whole, each row listed. This time without the page's
    // JavaScript (the upload-progress enhancement), as a plain form post.
    await page.route('**/app/init.mjs', (route) => route.abort());
    await page.goto(`${web.url}/council/imports`);
    const lines = sample('2021-header.csv').toString().split('\n');
    for (const i of [2, 4]) lines[i] = lines[i]!.replace(/^([^,]+),[^,]*,/, '$1,7,');
    await page.setInputFiles('#files', [
      { name: '2021-header.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) },
      { name: '2021-episodes.csv', mimeType: 'text/csv', buffer: sample('2021-episodes.csv') },
    ]);
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(
      /The files have \d+ errors?: nothing was imported/,
    );
    const rows = await page.locator('#row-errors-table tbody tr').allTextContents();
    const sexRows = rows.filter((r) => r.includes('2021-header.csv') && r.includes('SEX'));
    expect(sexRows.map((r) => r.match(/2021-header\.csv\s*(\d+)/)?.[1])).toEqual(['3', '5']);
    await audit('council-import-errors');
    await page.unroute('**/app/init.mjs');

    await page.getByRole('link', { name: 'Indicators' }).click();
    await expect(page.locator('#indicators-table').textContent()).resolves.toContain('Children looked after');
    await expect(page.locator('#chart-flows title').textContent()).resolves.toBe(
      'Children entering and leaving care each month',
    );
    expect(await page.locator('#flows-table tbody tr').count()).toBe(12);
    await audit('council-indicators');

    await page.getByRole('link', { name: 'Referrals' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Referrals');
    // An analyst reads referrals but does not open them.
    expect(await page.getByRole('button', { name: 'Open a referral' }).count()).toBe(0);
    await audit('council-referrals-analyst');

    await page.getByRole('link', { name: 'Statements' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your statements');
    await expect(page.locator('main').textContent()).resolves.toContain('No month has been closed yet.');
    await audit('council-statements');
    await signOut();
  });

  it('a placements officer opens referrals in steps (after fixing the form), checks and changes the answers, widens one, closes it as unmet, places and ends another', async () => {
    await signInAs(`${COUNCIL.name}: placements officer`);
    expect(new URL(page.url()).pathname).toBe('/council/referrals');
    await page.getByRole('button', { name: 'Open a referral' }).click();
    // Each question page checks its own answers.
    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = await page.locator('.govuk-error-summary').textContent();
    expect(summary).toContain('Enter the child’s id in your records');
    expect(summary).toContain('Enter the latest start date');
    expect(summary).not.toContain('Select whether the child needs to live close to family');
    await audit('council-referral-errors');

    // Looked after at the end of the 2021 return (its latest episode has no end date): a child the officer can refer.
    const childId = '158853';
    await page.getByLabel('Child’s id in your records').fill(childId);
    await page.getByLabel('Planned', { exact: true }).check();
    await page.getByLabel('Day').fill('1');
    await page.getByLabel('Month').fill('12');
    await page.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Where the child needs to live');
    await page.getByLabel('Localities (optional)').fill('ST4 2, st5 1');
    await page.locator('#closeToFamily').check();
    await page.locator('#mustStayAtSchool-2').check();
    await audit('council-referral-step-where');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('What the child needs');
    await page.locator('#suitability-fostering').check();
    await page.locator('#suitability-residential-2').check();
    await page.locator('#suitability-supported-3').check();
    await page.locator('#ratio').check();
    await page.getByLabel('Learning difficulty').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    // Check your answers: every answer in words; changing one keeps the others.
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Check your answers before opening the referral',
    );
    const answers = await page.locator('main').textContent();
    expect(answers).toMatch(/Latest start date\s*1 December 2026/);
    expect(answers).toMatch(/Localities\s*ST4 2, ST5 1/);
    expect(answers).toMatch(/Registration needs\s*Learning difficulty/);
    await audit('council-referral-check');
    await page.getByRole('button', { name: 'Change the child and dates' }).click();
    await expect(page.getByLabel('Child’s id in your records').inputValue()).resolves.toBe(childId);
    await page.getByLabel('Day').fill('2');
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Continue' }).click();
    const changed = await page.locator('main').textContent();
    expect(changed).toMatch(/Latest start date\s*2 December 2026/);
    expect(changed).toMatch(/Registration needs\s*Learning difficulty/);
    await page.getByRole('button', { name: 'Open referral' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      `opened for child ${childId}`,
    );
    await expect(page.locator('#referrals-table').textContent()).resolves.toContain('ST4 2, ST5 1');
    await audit('council-referrals');

    await page.locator('#referrals-table tbody a').first().click();
    await expect(page.locator('.govuk-summary-list').first().textContent()).resolves.toMatch(
      /Registration needs\s*Learning difficulty/,
    );
    await expect(page.locator('main').textContent()).resolves.toContain('No provider has responded yet.');
    // Once the region's marketplace has it, the officer reads what providers see (age band and sex from the records)
    // and widens it to homes at any distance.
    await waitFor(
      async () => {
        await page.reload();
        return (await page.locator('#shared-profile').count()) === 1;
      },
      'the referral in the marketplace',
      60_000,
    );
    const shared = await page.locator('#shared-profile-answers').textContent();
    expect(shared).toMatch(/Sex\s*(Male|Female)/);
    expect(shared).toMatch(/Close to family\s*Yes/);
    expect(shared).not.toContain(childId);
    await page.getByRole('button', { name: 'Widen the referral' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Select how to widen the referral',
    );
    await page.getByLabel('Homes at any distance (not only close to family or school)').check();
    await page.getByRole('button', { name: 'Widen the referral' }).click();
    await expect(page.locator('#shared-profile-answers').textContent()).resolves.toMatch(/Close to family\s*No/);
    await expect(page.locator('main').textContent()).resolves.toMatch(/Widened \d{1,2} [A-Z][a-z]+ \d{4}/);
    await audit('council-referral-widened');
    await page.getByRole('button', { name: 'Close as unmet' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Select why no offer was acceptable',
    );
    await page.getByLabel('No capacity').check();
    await page.getByRole('button', { name: 'Close as unmet' }).click();
    await expect(page.locator('.govuk-summary-list').first().textContent()).resolves.toMatch(/Status\s*Unmet/);
    await audit('council-referral-unmet');

    // A second search, placed with a spot purchase, then ended.
    await page.goto(`${web.url}/council/referrals/new`);
    await page.getByLabel('Child’s id in your records').fill(childId);
    await page.getByLabel('Emergency', { exact: true }).check();
    await page.getByLabel('Day').fill('2');
    await page.getByLabel('Month').fill('12');
    await page.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('#closeToFamily-2').check();
    await page.locator('#mustStayAtSchool-2').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('#suitability-fostering-2').check();
    await page.locator('#suitability-residential').check();
    await page.locator('#suitability-supported-3').check();
    await page.locator('#ratio-2').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Open referral' }).click();
    await page.locator('#referrals-table tbody a').first().click();
    await page.getByLabel('Ofsted URN of the setting').fill('SC999999');
    await page.getByLabel('Agreed weekly cost, excluding VAT').fill('5,250.50');
    await page.getByLabel('Spot', { exact: true }).check();
    await page.getByLabel('Day').fill('3');
    await page.getByLabel('Month').fill('12');
    await page.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Record placement' }).click();
    const placed = await page.locator('.govuk-summary-list').first().textContent();
    expect(placed).toMatch(/Status\s*Placed/);
    expect(placed).toMatch(/Weekly cost \(excluding VAT\)\s*£5,250\.50/);
    expect(placed).toMatch(/Placement type\s*Residential/);
    await audit('council-referral-placed');
    await page.getByLabel('Day').fill('10');
    await page.getByLabel('Month').fill('1');
    await page.getByLabel('Year').fill('2027');
    await page.getByRole('button', { name: 'End placement' }).click();
    await expect(page.locator('.govuk-summary-list').first().textContent()).resolves.toMatch(
      /Placement end\s*Ended 10 January 2027/,
    );
    await signOut();
  });

  it('the hub signs in with a token from the issuer, takes a tender from draft to open for bids, registers a provider', async () => {
    await page.goto(`${web.url}/sign-in`);
    await page.getByLabel('Your access token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in with this token' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'The token is not valid for this service',
    );
    await audit('sign-in-token-error');
    await page
      .getByLabel('Your access token')
      .fill(await region.token({ subject: 'hub-officer', roles: ['hub.commissioner'] }));
    await page.getByRole('button', { name: 'Sign in with this token' }).click();
    await page.waitForURL(`${web.url}/hub/tenders`);
    await page.getByRole('button', { name: 'Create draft tender' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter a title for the tender');
    await audit('hub-tenders-error');
    await page.getByLabel('Title').fill('Four two-bed homes for the region');
    await page
      .getByLabel('Quality questions (optional now, needed to publish)')
      .fill('How will you recruit and keep staff?\nHow will children be helped to settle?');
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('12');
    await page.getByLabel('Year').fill(NEXT_YEAR);
    await page.getByRole('button', { name: 'Create draft tender' }).click();
    await expect(page.locator('table').textContent()).resolves.toMatch(
      new RegExp(`Four two-bed homes for the region\\s*draft\\s*End of 31 December ${NEXT_YEAR}`),
    );
    await audit('hub-tenders');

    // The tender through its lifecycle: a lot (after fixing the form), the councils' shares, publish, open for bids.
    await page.getByRole('link', { name: 'Four two-bed homes for the region' }).click();
    await page.getByRole('button', { name: 'Add lot' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Enter a lot title of 3 to 200 characters',
    );
    await page.getByLabel('Lot title').fill('Two-bed homes near Stoke');
    await page.getByLabel('Childrens home', { exact: true }).check();
    await page.getByLabel('Postcode district').fill('st4');
    await page.getByLabel('Beds', { exact: true }).fill('4');
    await page.getByLabel('Term of the block contract (months)').fill('24');
    await page.getByRole('button', { name: 'Add lot' }).click();
    await expect(page.locator('#lots-table').textContent()).resolves.toMatch(
      /Two-bed homes near Stoke\s*Childrens home\s*None\s*ST4\s*4\s*24/,
    );
    await page.getByLabel(`${COUNCIL.name}: share of commitments and voids, %`).fill('100');
    await page.getByRole('button', { name: 'Save shares' }).click();
    // Councils by name, never by code.
    const summary = await page.locator('.govuk-summary-list').textContent();
    expect(summary).toContain(`${COUNCIL.name} 100.00%`);
    expect(summary).not.toContain(COUNCIL.code);
    expect(summary).toContain(`Bids close at the end of 31 December ${NEXT_YEAR}`);
    // Nothing is pre-selected, and every step that cannot be undone asks first; going back changes nothing.
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Select what you want to do');
    await page.getByLabel('Publish tender').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Are you sure you want to publish this tender?',
    );
    await audit('hub-tender-check');
    await page.getByRole('link', { name: 'No, go back to the tender' }).click();
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toMatch(/Status\s*draft/);
    await page.getByLabel('Publish tender').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Yes, publish the tender' }).click();
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toMatch(/Status\s*published/);
    await page.getByLabel('Open for bids').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain(
      `Providers can bid, amend and withdraw bids until the end of 31 December ${NEXT_YEAR}.`,
    );
    await page.getByRole('button', { name: 'Yes, open for bids' }).click();
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toMatch(/Status\s*open/);
    await expect(page.locator('main').textContent()).resolves.toMatch(/draft\s*published[\s\S]*published\s*open/);
    await audit('hub-tender');

    await page.getByRole('link', { name: 'Contracts' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain(
      'No block contracts yet: awarding a tender creates them.',
    );
    await audit('hub-contracts');

    await page.getByRole('link', { name: 'Providers' }).click();
    await page.getByLabel('Name').fill('Hillside Homes (synthetic)');
    await page.getByLabel('Private').check();
    await page.getByRole('button', { name: 'Register provider' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'Hillside Homes (synthetic) has been registered',
    );
    await audit('hub-providers');

    // The Ofsted provider list, as the hub imports it.
    await page.getByRole('link', { name: 'Import the Ofsted provider lists' }).click();
    await page.setInputFiles('#files', join(root, 'infra/demo/providers/providers.csv'));
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Provider list imported');
    await audit('hub-provider-lists');

    // The hub's pages are the hub's: a tender cannot be created without the form's CSRF token.
    const forged = await page.request.post(`${web.url}/hub/tenders`, { form: { title: 'Forged tender' } });
    expect(forged.status()).toBe(403);
    await signOut();
  });

  it('a provider signs in, reads the demand profile chart and table, downloads it, and bids in the open tender', async () => {
    // The council's snapshot reaches analytics through Kafka; the hub publishes it (the profile shows only published
    // versions, docs/adr/0028).
    const hub = await region.token({ subject: 'hub-officer', roles: ['hub.commissioner'] });
    await waitFor(
      async () => {
        const r = await region.gql('mutation { publishDemandProfile(asAt: "2021-03-31") { version } }', hub);
        return r.data ? true : undefined;
      },
      'the demand profile to be published',
      60_000,
    );
    // Choosing a provider user without saying which provider is an error.
    await page.goto(`${web.url}/sign-in`);
    await page.getByLabel('Provider user', { exact: true }).check();
    await page.getByRole('button', { name: 'Sign in as this demo user' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Select the provider you work for',
    );
    await audit('sign-in-provider-error');
    await signInAs('Provider user', '/', 'Linden Path Care Ltd');
    expect(new URL(page.url()).pathname).toBe('/provider');
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toContain('Linden Path Care Ltd');
    await audit('provider-home');

    // A provider cannot reach the hub's pages.
    await page.goto(`${web.url}/hub/tenders`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('You cannot do that');

    await page.getByRole('link', { name: 'Demand profile' }).first().click();
    await expect(page.locator('#chart-placement title').textContent()).resolves.toBe(
      'Children looked after by placement type',
    );
    const bars = await page.locator('#chart-placement rect').count();
    expect(bars).toBeGreaterThan(0);
    const tableText = await page.locator('#demand-table').textContent();
    expect(tableText).toContain('Fostering');
    await audit('provider-demand-profile');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download this table (CSV)' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('as_at,placement_category,age_band,children_looked_after,marker');
    expect(csv.length).toBeGreaterThan(1);
    // Suppressed cells carry the marker, never a small number.
    for (const line of csv.slice(1)) {
      const [, , , count, marker] = line.split(',');
      if (marker) expect(count).toBe('');
      else expect(Number(count) === 0 || Number(count) >= 6).toBe(true);
    }

    // The hub's open tender: a bid (after fixing the form).
    await page.getByRole('link', { name: 'Tenders and contracts' }).click();
    await page.getByRole('link', { name: 'Four two-bed homes for the region' }).click();
    await page.getByRole('button', { name: 'Submit bid' }).click();
    const bidErrors = await page.locator('.govuk-error-summary').textContent();
    expect(bidErrors).toContain('Select the lot you are bidding for');
    expect(bidErrors).toContain('Answer quality question 1');
    await audit('provider-bid-errors');
    await page.getByLabel('Two-bed homes near Stoke').check();
    await page.getByLabel(/^215 Priory Villa/).check();
    await page.getByLabel(/^189 Station Cottage/).check();
    await page.getByLabel('Beds', { exact: true }).fill('4');
    await page.getByLabel('Weekly price per bed, excluding VAT').fill('4,100');
    await page.getByLabel('Day').fill('1');
    await page.getByLabel('Month').fill('4');
    await page.getByLabel('Year').fill('2027');
    await page
      .getByLabel('Quality question 1: How will you recruit and keep staff?')
      .fill('A local recruitment drive.');
    await page
      .getByLabel('Quality question 2: How will children be helped to settle?')
      .fill('A key worker from the first day.');
    await page.getByRole('button', { name: 'Submit bid' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'Your bid has been submitted',
    );
    await expect(page.locator('#bids-table').textContent()).resolves.toMatch(
      /Two-bed homes near Stoke\s*4\s*£4,100\.00\s*1 April 2027\s*Submitted/,
    );
    await audit('provider-tenders');

    // A clarification question (the answer will be published to every bidder), and the bid amended before the deadline.
    await page.getByRole('link', { name: 'Four two-bed homes for the region' }).first().click();
    await page.getByLabel('Ask the hub a question').fill('Must the homes be Ofsted-registered on the start date?');
    await page.getByRole('button', { name: 'Send question' }).click();
    await expect(page.locator('#clarifications ~ .govuk-inset-text').first().textContent()).resolves.toMatch(
      /Must the homes be Ofsted-registered on the start date\? \(your question\)\s*The hub has not answered yet\./,
    );
    await page.getByRole('link', { name: 'Change your bid for Two-bed homes near Stoke' }).click();
    await expect(page.getByLabel('Weekly price per bed, excluding VAT').inputValue()).resolves.toBe('4100.00');
    await page.getByLabel('Weekly price per bed, excluding VAT').fill('4,050');
    await page.getByRole('button', { name: 'Save changes to your bid' }).click();
    await expect(page.locator('#bids-table').textContent()).resolves.toMatch(
      /Two-bed homes near Stoke\s*4\s*£4,050\.00\s*1 April 2027\s*Submitted \(amended\)/,
    );
    await audit('provider-bid-amended');
    await signOut();

    // The public reads the same published profile without signing in.
    await page.goto(`${web.url}/demand-profile`);
    await expect(page.locator('#demand-table').textContent()).resolves.toBe(tableText);
    await audit('public-demand-profile');
    expect(browser.audited).toEqual([
      'public-home',
      'sign-in',
      'council-import',
      'council-import-empty',
      'council-import-result',
      'council-import-errors',
      'council-indicators',
      'council-referrals-analyst',
      'council-statements',
      'council-referral-errors',
      'council-referral-step-where',
      'council-referral-check',
      'council-referrals',
      'council-referral-widened',
      'council-referral-unmet',
      'council-referral-placed',
      'sign-in-token-error',
      'hub-tenders-error',
      'hub-tenders',
      'hub-tender-check',
      'hub-tender',
      'hub-contracts',
      'hub-providers',
      'hub-provider-lists',
      'sign-in-provider-error',
      'provider-home',
      'provider-demand-profile',
      'provider-bid-errors',
      'provider-tenders',
      'provider-bid-amended',
      'public-demand-profile',
    ]);
  });

  it('a second provider bids, withdraws and bids again; the hub answers, closes, scores per question and awards; both bidders read their outcome', async () => {
    // A second bidder: withdrawing asks first, and a withdrawn bid can be replaced before the deadline.
    const bid = async (price: string) => {
      await page.getByRole('link', { name: 'Four two-bed homes for the region' }).first().click();
      await page.getByLabel('Two-bed homes near Stoke').check();
      await page.getByLabel(/^95 Orchard Barn/).check();
      await page.getByLabel('Beds', { exact: true }).fill('2');
      await page.getByLabel('Weekly price per bed, excluding VAT').fill(price);
      await page.getByLabel('Day').fill('1');
      await page.getByLabel('Month').fill('5');
      await page.getByLabel('Year').fill('2027');
      await page.getByLabel(/^Quality question 1/).fill('Staff from the local college.');
      await page.getByLabel(/^Quality question 2/).fill('A welcome plan.');
      await page.getByRole('button', { name: 'Submit bid' }).click();
    };
    await signInAs('Provider user', '/provider/tenders', 'Laurel Field Homes Ltd');
    await bid('3900');
    await page.getByRole('link', { name: 'Four two-bed homes for the region' }).first().click();
    // Another bidder's unanswered question is not shown to it.
    await expect(page.locator('main').textContent()).resolves.not.toContain('Ofsted-registered on the start date');
    await page.getByRole('link', { name: 'Withdraw your bid for Two-bed homes near Stoke' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Are you sure you want to withdraw your bid?',
    );
    await audit('provider-bid-withdraw-check');
    await page.getByRole('button', { name: 'Yes, withdraw my bid' }).click();
    await expect(page.locator('#bids-table').textContent()).resolves.toContain('Withdrawn');
    await bid('3,950');
    await expect(page.locator('#bids-table').textContent()).resolves.toMatch(/£3,950\.00\s*1 May 2027\s*Submitted/);
    await signOut();

    await signInAs('Regional hub commissioner');
    await page.getByRole('link', { name: 'Four two-bed homes for the region' }).click();
    await page.getByLabel('Answer to question 1').fill('Yes: every home must be registered on the start date.');
    await page.getByRole('button', { name: 'Publish answer to question 1' }).click();
    await expect(page.locator('#clarifications ~ .govuk-inset-text').first().textContent()).resolves.toContain(
      'Published answer: Yes: every home must be registered on the start date.',
    );
    await page.getByLabel('Close bidding and evaluate').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain(
      `The deadline for bids is the end of 31 December ${NEXT_YEAR}: closing now ends bidding early for every provider.`,
    );
    await page.getByRole('button', { name: 'Yes, close bidding' }).click();
    await expect(page.locator('.govuk-summary-list').first().textContent()).resolves.toMatch(/Status\s*evaluation/);

    // The panel reads each bid's homes and answers, scores each question; a different total needs a reason.
    const linden = page.locator('section', {
      has: page.getByRole('heading', { name: 'Bid from Linden Path Care Ltd' }),
    });
    await expect(linden.textContent()).resolves.toMatch(/215 Priory Villa \(WS9[^)]*\); 189 Station Cottage \(ST3/);
    await expect(linden.textContent()).resolves.toContain('A key worker from the first day.');
    await linden.getByLabel('Score for question 1 from Linden Path Care Ltd (0 to 100)').fill('101');
    await linden.getByRole('button', { name: 'Save scores for Linden Path Care Ltd' }).click();
    const errors = await page.locator('.govuk-error-summary').textContent();
    expect(errors).toContain('The score for question 1 must be a whole number from 0 to 100');
    expect(errors).toContain('Enter a score for question 2');
    await audit('hub-tender-score-errors');
    await linden.getByLabel('Score for question 1 from Linden Path Care Ltd (0 to 100)').fill('80');
    await linden.getByLabel('Score for question 2 from Linden Path Care Ltd (0 to 100)').fill('90');
    await linden.getByLabel('Moderated total for Linden Path Care Ltd (optional)').fill('88');
    await linden.getByRole('button', { name: 'Save scores for Linden Path Care Ltd' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      "The moderated total 88 differs from the questions' average 85: say why the panel agreed it",
    );
    await linden
      .getByLabel('Why the panel agreed a different total (Linden Path Care Ltd)')
      .fill('The panel agreed the settling-in plan was exceptional.');
    await linden.getByRole('button', { name: 'Save scores for Linden Path Care Ltd' }).click();
    await expect(linden.textContent()).resolves.toContain(
      '88 out of 100: The panel agreed the settling-in plan was exceptional.',
    );
    const laurel = page.locator('section', {
      has: page.getByRole('heading', { name: 'Bid from Laurel Field Homes Ltd' }),
    });
    await laurel.getByLabel('Score for question 1 from Laurel Field Homes Ltd (0 to 100)').fill('40');
    await laurel.getByLabel('Score for question 2 from Laurel Field Homes Ltd (0 to 100)').fill('50');
    await laurel.getByRole('button', { name: 'Save scores for Laurel Field Homes Ltd' }).click();
    await audit('hub-tender-evaluation');

    await page.getByLabel('Award each lot to its top-ranked bid').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await audit('hub-tender-award-check');
    await page.getByRole('button', { name: 'Yes, award the tender' }).click();
    const awarded = await page.locator('.govuk-summary-list').first().textContent();
    expect(awarded).toMatch(/Status\s*awarded/);
    expect(awarded).toMatch(/Awarded \d{1,2} [A-Z][a-z]+ \d{4}; the standstill ends on \d{1,2} [A-Z][a-z]+ \d{4}/);
    await page.getByRole('link', { name: 'Contracts', exact: true }).click();
    await expect(page.locator('#contracts-table').textContent()).resolves.toMatch(
      /Linden Path Care Ltd\s*Residential\s*4\s*4\s*£4,050\.00\s*1 April 2027[\s\S]*pooled by share/,
    );
    await audit('hub-contracts-awarded');
    await signOut();

    // Each bidder reads its own outcome, never the other's name or price; the published answer is there for both.
    await signInAs('Provider user', '/provider/tenders', 'Linden Path Care Ltd');
    await expect(page.locator('.govuk-notification-banner').first().textContent()).resolves.toMatch(
      /Four two-bed homes for the region: successful[\s\S]*ranked 1st of 2[\s\S]*standstill ends on/,
    );
    await expect(page.locator('#provider-contracts-table').textContent()).resolves.toContain(
      '215 Priory Villa, 189 Station Cottage',
    );
    await audit('provider-tenders-successful');
    await signOut();
    await signInAs('Provider user', '/provider/tenders', 'Laurel Field Homes Ltd');
    const notice = await page.locator('.govuk-notification-banner').first().textContent();
    expect(notice).toMatch(/unsuccessful[\s\S]*ranked 2nd of 2[\s\S]*The winning bid scored/);
    expect(notice).not.toContain('Linden');
    expect(notice).not.toContain('4,050');
    await page.getByRole('link', { name: 'Four two-bed homes for the region' }).first().click();
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Answer: Yes: every home must be registered on the start date.',
    );
    await expect(page.locator('main').textContent()).resolves.not.toContain('(your question)');
    await audit('provider-tender-unsuccessful');
    expect(browser.audited.slice(-7)).toEqual([
      'provider-bid-withdraw-check',
      'hub-tender-score-errors',
      'hub-tender-evaluation',
      'hub-tender-award-check',
      'hub-contracts-awarded',
      'provider-tenders-successful',
      'provider-tender-unsuccessful',
    ]);
    await signOut();
  });

  it('a tender whose deadline has passed refuses bids, in the API and on the page', async () => {
    const hub = await region.token({ subject: 'hub-officer', roles: ['hub.commissioner'] });
    const created = await region.gql<{ createTender: { id: string } }>(
      `mutation($input: CreateTenderInput!) { createTender(input: $input) { id } }`,
      hub,
      {
        input: {
          title: 'A tender whose deadline has passed',
          qualityQuestions: ['How will you keep children safe?'],
          timetable: { publishOn: '2025-01-01', bidsCloseOn: '2025-01-31' },
          lots: [
            { title: 'Past lot', settingType: 'childrens-home', needs: [], locality: 'ST4', beds: 1, termMonths: 12 },
          ],
          councils: [{ councilCode: COUNCIL.code, basisPoints: 10000 }],
        },
      },
    );
    const tenderId = created.data!.createTender.id;
    for (const step of ['publishTender', 'openTenderForBids'])
      await region.gql(`mutation($input: TenderTransitionInput!) { ${step}(input: $input) { id } }`, hub, {
        input: { tenderId },
      });
    await signInAs('Provider user', `/provider/tenders/${tenderId}`, 'Linden Path Care Ltd');
    await expect(page.locator('#deadline').textContent()).resolves.toBe(
      'Bids can no longer be made or changed: the deadline for bids was the end of 31 January 2025.',
    );
    await expect(page.getByRole('button', { name: 'Submit bid' }).count()).resolves.toBe(0);
    await audit('provider-tender-deadline-passed');
    await signOut();
    // The same refusal from the API, whatever a page shows.
    const { data } = await region.gql<{ providers: { id: string; name: string }[] }>('{ providers { id name } }', hub);
    const linden = data!.providers.find((p) => p.name === 'Linden Path Care Ltd')!;
    const provider = await region.token({ subject: 'linden', roles: ['provider.user'], provider: linden.id });
    const lotId = (
      await region.gql<{ tender: { lots: { id: string }[] } }>(
        'query($id: ID!) { tender(id: $id) { lots { id } } }',
        provider,
        { id: tenderId },
      )
    ).data!.tender.lots[0]!.id;
    const refused = await region.gql(
      'mutation($input: SubmitBidInput!) { submitBid(input: $input) { id } }',
      provider,
      {
        input: {
          lotId,
          settingUrns: ['SC500005'],
          beds: 1,
          weeklyPricePerBedPence: 400_000,
          startDate: '2027-04-01',
          qualityAnswers: [{ question: 0, answer: 'Safeguarding training for every member of staff.' }],
        },
      },
    );
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('BIDDING_CLOSED');
    expect(refused.errors?.[0]?.message).toBe(
      'Bids can no longer be made or changed: the deadline for bids was the end of 31 January 2025',
    );
  });

  it('a provider from the Ofsted list declares a vacancy for its setting and reads the referrals offered to it', async () => {
    await signInAs('Provider user', '/provider/settings', 'Laurel Field Homes Ltd');
    await expect(page.locator('#settings-table').textContent()).resolves.toContain('95 Orchard Barn');
    await audit('provider-settings');
    await page.getByRole('link', { name: /95 Orchard Barn/ }).click();
    await page.getByRole('button', { name: 'Declare vacancies' }).click();
    const errors = await page.locator('.govuk-error-summary').textContent();
    expect(errors).toContain('Enter the number of places you can offer now');
    expect(errors).toContain('Select the ages the places are for');
    await audit('provider-vacancy-errors');
    await page.getByLabel('Places you can offer now').fill('1');
    await page.getByLabel('10 to 15').check();
    await page.locator('#availableUntil-day').fill('31');
    await page.locator('#availableUntil-month').fill('12');
    await page.locator('#availableUntil-year').fill('2030');
    // The first day a child can move in may not come after the last day.
    await page.locator('#availableFrom-day').fill('1');
    await page.locator('#availableFrom-month').fill('1');
    await page.locator('#availableFrom-year').fill('2031');
    await page.getByRole('button', { name: 'Declare vacancies' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'The first day a child can move in must be on or before the last day the places are available',
    );
    await page.locator('#availableFrom-year').fill('2030');
    await page.getByRole('button', { name: 'Declare vacancies' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Vacancies declared');
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toMatch(
      /Current declaration\s*1 from 1 January 2030 until 31 December 2030/,
    );
    await audit('provider-setting');
    await page.getByRole('link', { name: 'Referrals offered' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Referrals offered to you');
    await audit('provider-referrals');
  });
});
