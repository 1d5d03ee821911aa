import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { repoRoot } from '@rcc/platform';
import { waitFor, type SpawnedService, type TestRegion } from '@rcc/testing';
import { openBrowser, type TestBrowser } from './test/browser.js';
import { demoSignIn, startWebRegion, stopWebRegion } from './test/web-region.js';

/**
 * Issue 22's referral journey end to end, across roles, in Chromium with axe at 1280 and 375 px: a council officer
 * sees the child echoed from the latest return, writes what homes should know (identifying text refused, on its page
 * and by the council), and opens a referral that matches nobody and sees why; two homes declare vacancies afterwards
 * and are sent it, read the council's text, and both offer; the officer changes the referral and the home that
 * offered sees it changed after its offer; the officer accepts one; each provider sees its outcome; the bed leaves
 * the supply figures.
 */
const COUNCIL = { code: 'E10000028', name: 'Staffordshire' };
const HOME_A = { provider: 'Laurel Field Homes Ltd', urn: 'SC500001', name: '95 Orchard Barn' };
const HOME_B = { provider: 'Linden Path Care Ltd', urn: 'SC500005', name: '215 Priory Villa' };
const START_BY = { day: '15', month: '1', year: '2027' };
const ABOUT = 'Loves drawing and football; settles best with a calm routine and one key worker.';
const CHANGED = 'Loves drawing and football; now also swimming on Saturdays.';
const root = repoRoot();
const sample = (name: string) => readFileSync(join(root, 'infra/demo/ssda903', name));

/**
 * A child looked after at the end of the sample return (its latest episode has no end date) and aged 16 or 17 on the
 * latest start date (the 2021 return's youngest were born in 2009): one the officer can refer.
 */
function childAged16or17(): string {
  const [, ...episodes] = sample('2021-episodes.csv').toString().trim().split('\n');
  const latest = new Map<string, { start: string; open: boolean }>();
  for (const row of episodes) {
    const [child, decom, , , , , , dec] = row.split(',');
    const start = decom!.split('/').reverse().join('-');
    if ((latest.get(child!)?.start ?? '') < start) latest.set(child!, { start, open: !dec });
  }
  const [, ...rows] = sample('2021-header.csv').toString().trim().split('\n');
  const startBy = new Date(Date.UTC(2027, 0, 15));
  for (const row of rows) {
    const [child, , dob] = row.split(',');
    const [d, m, y] = dob!.split('/').map(Number);
    let age = startBy.getUTCFullYear() - y!;
    if (startBy.getUTCMonth() + 1 < m! || (startBy.getUTCMonth() + 1 === m! && startBy.getUTCDate() < d!)) age -= 1;
    if ((age === 16 || age === 17) && latest.get(child!)?.open) return child!;
  }
  throw new Error('the sample return has no looked-after child aged 16 or 17');
}

describe('the referral journey: reach, re-matching, offers, outcomes and supply (issue 22)', () => {
  let region: TestRegion;
  let web: SpawnedService;
  let browser: TestBrowser;
  let page: Page;
  let referralId: string;

  /** axe at 1280 and at 375 px, and at neither may the page scroll sideways (test/browser.ts). */
  const audit = (name: string) => browser.audit(name);

  const { signInAs, signOut } = demoSignIn(
    () => page,
    () => web.url,
  );

  /** Reloads until the text of `selector` matches (events cross the broker between services). */
  async function reloadUntil(selector: string, pattern: RegExp, what: string): Promise<void> {
    await waitFor(
      async () => {
        await page.reload();
        const text =
          (await page
            .locator(selector)
            .first()
            .textContent({ timeout: 5_000 })
            .catch(() => '')) ?? '';
        return pattern.test(text);
      },
      what,
      60_000,
    );
  }

  /** The hub's region-wide declared vacancies in residential care (the sufficiency gaps page). */
  async function residentialVacancies(): Promise<number> {
    // The table has a row for every placement type, figures or none: no row means this is not the gaps page.
    const row = page.locator('#gap-category-table tbody tr', { hasText: 'Residential' });
    return Number((await row.locator('td').nth(3).textContent({ timeout: 5_000 }))!.trim());
  }

  async function declare(home: typeof HOME_A, places: string): Promise<void> {
    await signInAs('Provider user', `/provider/settings/${home.urn}`, home.provider);
    await page.getByLabel('Places you can offer now').fill(places);
    await page.getByLabel('16 and over').check();
    await page.locator('#availableUntil-day').fill('31');
    await page.locator('#availableUntil-month').fill('12');
    await page.locator('#availableUntil-year').fill('2030');
    await page.getByRole('button', { name: 'Declare vacancies' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Vacancies declared');
  }

  async function offer(home: typeof HOME_A, pounds: string): Promise<void> {
    await page.goto(`${web.url}/provider/referrals`);
    await page.locator('#provider-referrals-table tbody a').first().click();
    // The council's own words about the child reach the homes it is sent to.
    await expect(page.locator('main').textContent()).resolves.toContain(ABOUT);
    await page.getByRole('group', { name: 'Which setting?' }).getByLabel(home.urn).check();
    await page.getByLabel('Offer a place').check();
    await page.getByLabel('Weekly price, excluding VAT').fill(pounds);
    await page.getByLabel('Day').fill('10');
    await page.getByLabel('Month').fill('1');
    await page.getByLabel('Year').fill('2027');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'Your answer has been sent',
    );
  }

  beforeAll(async () => {
    ({ region, web } = await startWebRegion([COUNCIL]));
    browser = await openBrowser();
    page = browser.page;
  }, 600_000);

  afterAll(() => stopWebRegion({ browser, web, region }));

  it('a referral that matches nobody says why; homes declaring vacancies afterwards are sent it', async () => {
    await signInAs(`${COUNCIL.name}: data analyst`, '/council/imports');
    await page.setInputFiles('#files', [
      { name: '2021-header.csv', mimeType: 'text/csv', buffer: sample('2021-header.csv') },
      { name: '2021-episodes.csv', mimeType: 'text/csv', buffer: sample('2021-episodes.csv') },
    ]);
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Return imported');
    await signOut();

    // The region's homes: the Ofsted provider list, as the hub imports it.
    await signInAs('Regional hub commissioner', '/hub/provider-lists');
    await page.setInputFiles('#files', join(root, 'infra/demo/providers/providers.csv'));
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Provider list imported');
    await signOut();

    await signInAs(`${COUNCIL.name}: placements officer`, '/council/referrals/new');
    // An id not in the latest return is refused on the first page, in plain words.
    await page.getByLabel('Child’s id in your records').fill('NOPE42');
    await page.getByLabel('Planned', { exact: true }).check();
    await page.getByLabel('Day').fill(START_BY.day);
    await page.getByLabel('Month').fill(START_BY.month);
    await page.getByLabel('Year').fill(START_BY.year);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'There is no child with ID NOPE42 in your latest return',
    );
    await audit('journey-council-referral-no-such-child');
    const child = childAged16or17();
    await page.getByLabel('Child’s id in your records').fill(child);
    // The referral in question pages (child and dates, where, needs, about the child), then check your answers.
    await page.getByRole('button', { name: 'Continue' }).click();
    // The child echoed back from the council's own latest return, in words.
    const echo = (await page.locator('#child-echo').textContent())!;
    expect(echo).toContain(`Child ${child} in your latest return`);
    expect(echo).toMatch(/Age\s*1\d years old/);
    expect(echo).toMatch(/Sex\s*(Male|Female)/);
    expect(echo).toMatch(/Current placement\s*\w+/);
    expect(echo).toMatch(/Legal status\s*\w+/);
    await audit('journey-council-referral-child-echoed');
    await page.getByLabel('Localities (optional)').fill('WS5 4');
    await page.locator('#closeToFamily-2').check();
    await page.locator('#mustStayAtSchool-2').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('#suitability-fostering-3').check();
    await page.locator('#suitability-residential').check();
    await page.locator('#suitability-supported-3').check();
    await page.locator('#ratio').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    // What homes should know: a phone number is refused on its page; the child's own id when the council checks it.
    const about = page.getByLabel('What homes should know about the child (optional)');
    await about.fill('Loves drawing. Ring her nan on 01782 123456.');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Remove the phone number from what homes should know about the child',
    );
    await audit('journey-council-referral-about-refused');
    await about.fill(`Loves drawing (case ${child}).`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Open referral' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Remove the child’s ID from what homes should know about the child',
    );
    await audit('journey-council-referral-check-refused');
    await page.locator('#change-about').click();
    await page.getByLabel('What homes should know about the child (optional)').fill(ABOUT);
    await page.getByRole('button', { name: 'Continue' }).click();
    const check = (await page.locator('main').textContent())!;
    expect(check).toContain(ABOUT);
    expect(check).toMatch(/Legal status/);
    await page.getByRole('button', { name: 'Open referral' }).click();
    referralId = new URL(page.url()).searchParams.get('opened')!;
    expect(referralId).toMatch(/^[0-9a-f-]{36}$/);
    await reloadUntil('#referrals-table', /Nothing matched/, 'the marketplace to receive the referral');
    await audit('journey-council-referrals');

    await page.goto(`${web.url}/council/referrals/${referralId}`);
    const nothing = (await page.locator('main').textContent())!;
    expect(nothing).toContain('Nothing matched: no home has been sent this referral.');
    expect(nothing).toMatch(/\d+ settings? had no current vacancy for this child/);
    expect(nothing).toMatch(/Providers have until .* \(UTC\)/);
    await audit('journey-council-referral-nothing-matched');
    // The officer gives providers longer, after fixing the form.
    await page.getByRole('button', { name: 'Extend the window' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Select how much longer providers have to answer',
    );
    await page.getByLabel('One more week').check();
    await page.getByRole('button', { name: 'Extend the window' }).click();
    await expect(page.locator('main').textContent()).resolves.toMatch(/Providers have until .* \(UTC\), extended/);
    await signOut();

    // The supply before: the hub's region-wide figures.
    await signInAs('Regional hub commissioner', '/analytics/gaps');
    const before = await residentialVacancies();
    await signOut();

    // An impossible declaration is refused in plain words; then each home declares, after the referral opened.
    await signInAs('Provider user', `/provider/settings/${HOME_A.urn}`, HOME_A.provider);
    await page.getByLabel('Places you can offer now').fill('9');
    await page.getByLabel('16 and over').check();
    await page.locator('#availableUntil-day').fill('31');
    await page.locator('#availableUntil-month').fill('12');
    await page.locator('#availableUntil-year').fill('2030');
    await page.getByRole('button', { name: 'Declare vacancies' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Places must be 4 or fewer: the home is registered for 4',
    );
    await audit('journey-provider-vacancy-refused');
    await signOut();
    await declare(HOME_A, '2');
    await page.goto(`${web.url}/provider/referrals`);
    await expect(page.locator('#provider-referrals-table').textContent()).resolves.toContain('0 of 1');
    await audit('journey-provider-referrals');
    await offer(HOME_A, '6,000');
    await signOut();
    await declare(HOME_B, '1');
    await offer(HOME_B, '5,500');
    await signOut();
    // Both declarations reach the supply figures: three more residential places.
    await signInAs('Regional hub commissioner', '/analytics/gaps');
    await waitFor(
      async () => {
        await page.reload();
        return (await residentialVacancies()) === before + 3;
      },
      'the two declarations to reach the supply figures',
      60_000,
    );
    await signOut();

    // The officer sees who was asked (counts, no names) and both offers.
    await signInAs(`${COUNCIL.name}: placements officer`, `/council/referrals/${referralId}`);
    await reloadUntil('main', /Linden Path Care Ltd[\s\S]*Laurel Field|Laurel Field[\s\S]*Linden Path/, 'both offers');
    const reach = (await page.locator('#reach-table').textContent())!;
    expect(reach).toMatch(/Childrens home\s*Near \(same postcode district\)\s*1\s*1/);
    expect(reach).toMatch(/Childrens home\s*Mid \(same postcode area\)\s*1\s*1/);
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Sent to 2 settings of 2 providers; 2 answered.',
    );
    await audit('journey-council-referral-offers');

    // Every answer the providers see, the council's text too, is on the council's own page.
    await expect(page.locator('#shared-profile-answers').textContent()).resolves.toContain(ABOUT);

    // The officer changes the open referral: its own page and check page; the homes asked see the change.
    await page.getByRole('button', { name: 'Change the referral' }).click();
    await page.getByLabel('What homes should know about the child').fill('Call 01782 123456');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Remove the phone number from what homes should know about the child',
    );
    await audit('journey-council-referral-change-refused');
    await page.getByLabel('What homes should know about the child').fill(CHANGED);
    await page.getByLabel('24 more hours').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('#change-answers').textContent()).resolves.toContain(CHANGED);
    await audit('journey-council-referral-change-check');
    await page.getByRole('button', { name: 'Send the changes' }).click();
    await expect(page.locator('.govuk-summary-list').first().textContent()).resolves.toMatch(/Last changed/);
    await signOut();
    await signInAs('Provider user', `/provider/referrals/${referralId}`, HOME_B.provider);
    await reloadUntil('main', new RegExp(CHANGED), 'the change to reach the homes asked');
    const changed = (await page.locator('#referral-changed').textContent())!;
    expect(changed).toMatch(/The council updated this referral on \d+ \w+ \d{4}/);
    expect(changed).toContain('It changed after your offer.');
    await audit('journey-provider-referral-changed');
    // Its list marks the referral as changed since its answer, so the change is seen without opening each one.
    await page.goto(`${web.url}/provider/referrals`);
    const listed = page.locator('#provider-referrals-table tr', { has: page.locator(`a[href$="${referralId}"]`) });
    await expect(listed.textContent()).resolves.toContain('Changed since your answer');
    await audit('journey-provider-referrals-changed');
    await signOut();
    await signInAs(`${COUNCIL.name}: placements officer`, `/council/referrals/${referralId}`);

    // One decision form per offer: the officer accepts Laurel Field's, bought as a spot purchase.
    const card = page.locator('.app-offer', { hasText: HOME_A.provider });
    await card.getByLabel('Spot', { exact: true }).check();
    await card.getByRole('button', { name: 'Accept this offer' }).click();
    await expect(page.locator('.govuk-summary-list').first().textContent()).resolves.toMatch(/Status\s*Placed/);
    await signOut();

    // Each provider sees its outcome: the winner the council by name and the next step; the other "not selected".
    await signInAs('Provider user', `/provider/referrals/${referralId}`, HOME_A.provider);
    await reloadUntil('main', /Staffordshire accepted your offer/, 'the winner to be told');
    await expect(page.locator('main').textContent()).resolves.toContain('Next step');
    await audit('journey-provider-selected');
    await page.goto(`${web.url}/provider/settings/${HOME_A.urn}`);
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toMatch(
      /Current declaration\s*1 from \d+ \w+ \d{4} until 31 December 2030/,
    );
    await signOut();
    await signInAs('Provider user', `/provider/referrals/${referralId}`, HOME_B.provider);
    const other = (await page.locator('main').textContent())!;
    expect(other).toContain('Not selected: the council chose another home');
    expect(other).not.toContain('Staffordshire');
    await audit('journey-provider-not-selected');
    await signOut();

    // The bed leaves the supply figures.
    await signInAs('Regional hub commissioner', '/analytics/gaps');
    await waitFor(
      async () => {
        await page.reload();
        return (await residentialVacancies()) === before + 2;
      },
      'the placement to take one of the three declared places off the supply figures',
      60_000,
    );
    await signOut();
    // One journey across four roles: seven pages audited at two widths and waits, each up to a minute, for events
    // crossing the services; the default two minutes for a test is one page's allowance, not a journey's.
  }, 600_000);
});
