import { createServer } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { repoRoot } from '@rcc/platform';
import { openBrowser, requireChromium, type TestBrowser } from './test/browser.js';
import { getRoutes, routesNotVisited } from './test/page-routes.js';
import { wordingProblems } from './test/page-text.js';
import { demoSignIn } from './test/web-region.js';

/**
 * Every page of the web app, as each role reaches it in a simulated region, in Chromium: the demo itself (`rcc start`,
 * embedded) with three councils, two years of returns, the simulated market and its year of operations
 * (docs/adr/0049), on ports of its own. On every page (docs/adr/0062): axe at 1280 and 375 px with no violation and
 * no sideways scroll at 375 px (docs/adr/0053); a title that names the page and agrees with its one main heading; no
 * date as YYYY-MM-DD, council code, id or developer wording in its text. Each test lists every page's problems at
 * once. The pages with figures must show figures that are not all zeros and none of their "No ..." placeholders, and
 * the last test checks that every GET route of the web app was visited.
 */
// Each page is audited at two widths and a test visits up to twenty pages: on a loaded machine that takes minutes.
jest.setTimeout(900_000);
/**
 * GET routes that are not pages, or that the simulated region cannot show, each with the reason. Everything else must
 * be visited.
 */
const NOT_PAGES: Record<string, string> = {
  '/health': 'a health check (JSON)',
  '/health/live': 'a Kubernetes probe (JSON)',
  '/health/ready': 'a Kubernetes probe (JSON)',
  '/demand-profile/children-looked-after.csv': 'a download (analytics.e2e-spec.ts reads it)',
  '/open-data/demand-profile/:file': 'a download (analytics.e2e-spec.ts reads it)',
  '/open-data/demand-profile/:version/:file': 'a download (analytics.e2e-spec.ts reads it)',
  '/hub/contracts/statement.csv': 'a download (statement-csv.spec.ts builds it)',
  '/council/statements/statement.csv': 'a download (statement-csv.spec.ts builds it)',
  '/sign-in/oidc': 'a redirect to the identity provider, off in the demo (sign-in-oidc.int-spec.ts)',
  '/sign-in/oidc/callback': 'the identity provider’s redirect back, off in the demo (sign-in-oidc.int-spec.ts)',
  '/provider/tenders/:id/bids/:bidId/amend':
    'needs a tender open for bids before its deadline, which the simulated region has not (web.e2e-spec.ts)',
  '/council/referrals/:id/change':
    'needs a referral still open, which the simulated year does not always leave (visited when it does; always in referral-journey.e2e-spec.ts)',
  '/provider/tenders/:id/bids/:bidId/withdraw':
    'needs a tender open for bids before its deadline, which the simulated region has not (web.e2e-spec.ts)',
};

const COUNCILS = [
  { code: 'E10000028', name: 'Staffordshire' },
  { code: 'E06000021', name: 'Stoke-on-Trent' },
  { code: 'E06000051', name: 'Shropshire' },
];

/** True when nothing listens on the port now. */
const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

async function freeOffset(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const offset = 1000 + Math.floor(Math.random() * 9000);
    const ports = [3000, 4000, 4101, 4201, 4301, 4401, 55_401].map((p) => p + offset);
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return offset;
  }
  throw new Error('no free port offset for the demo region');
}

describe('a simulated region, page by page, in Chromium', () => {
  let launcher: ChildProcess;
  let output = '';
  let web = '';
  let dataDir = '';
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    requireChromium();
    dataDir = mkdtempSync(join(tmpdir(), 'rcc-region-pages-'));
    // The region's ports are the demo's (3000 to 4401, and 55401 up for the embedded databases) moved by an offset:
    // one below 10000, so every moved port stays a port, whose web, gateway and first database ports are free.
    const offset = await freeOffset();
    launcher = spawn(process.execPath, [join(repoRoot(), 'infra/runtime/rcc.mjs'), 'start'], {
      cwd: repoRoot(),
      env: {
        ...process.env,
        RCC_DEMO_COUNCILS: String(COUNCILS.length),
        RCC_DEMO_YEARS: '2',
        RCC_EMBEDDED_DIR: dataDir,
        RCC_PORT_OFFSET: String(offset),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
    web = await new Promise<string>((resolve, reject) => {
      launcher.stdout!.setEncoding('utf8').on('data', (d: string) => {
        output += d;
        const url = /Web:\s+(http:\/\/\S+)/.exec(output)?.[1];
        if (url && output.includes('Press Ctrl+C to stop.')) resolve(url);
      });
      launcher.once('exit', (code) => reject(new Error(`rcc start exited (${code}):\n${output.slice(-4000)}`)));
    });
    browser = await openBrowser();
    page = browser.page;
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    if (launcher && launcher.exitCode === null) {
      launcher.kill('SIGTERM');
      await new Promise((resolve) => launcher.once('exit', resolve));
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const users = demoSignIn(
    () => page,
    () => web,
  );
  const signInAs = (choice: string, provider?: string) => users.signInAs(choice, '/', provider);
  const demoProvider = () => /Demo provider: (.+) \(id /.exec(output)?.[1]?.trim();
  /** The providers that bid in the simulated tenders, read from the awarded tender's evaluation by the hub. */
  let bidders: string[] = [];

  /** Every path visited, and what the current test found wrong on its pages (all listed when the test ends). */
  const visited = new Set<string>();
  let problems: string[] = [];
  beforeEach(() => {
    problems = [];
  });
  function expectNoProblems(): void {
    const found = problems;
    problems = [];
    expect(found).toEqual([]);
  }

  /** The page now shown: its wording, then axe and the sideways scroll at both widths. */
  async function check(name: string): Promise<void> {
    visited.add(new URL(page.url()).pathname);
    problems.push(...(await wordingProblems(page)).map((p) => `${name}: ${p}`));
    problems.push(...(await browser.findings(name)));
  }

  /** Opens the path, expects its status, checks the page and returns its main text. */
  async function visit(name: string, path: string, status = 200): Promise<string> {
    const response = await page.goto(`${web}${path}`);
    expect({ path, status: response?.status() }).toEqual({ path, status });
    await check(name);
    return (await page.locator('main').textContent()) ?? '';
  }

  /** As visit, after checking the page has non-zero figures and none of the placeholders given. */
  async function figures(name: string, path: string, placeholders: RegExp[] = []): Promise<string> {
    const text = await visit(name, path);
    const numbers = [...text.replace(/,(?=\d{3})/g, '').matchAll(/\d+(\.\d+)?/g)].map((m) => Number(m[0]));
    expect({ path, nonZero: numbers.filter((n) => n > 0).length > 2 }).toEqual({ path, nonZero: true });
    for (const p of [/No month has been closed yet/, /No block contracts yet/, ...placeholders])
      expect(`${path}: ${text}`).not.toMatch(p);
    return text;
  }

  /** The distinct links in the page's main content whose path matches. */
  async function links(pattern: RegExp): Promise<string[]> {
    const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const paths = hrefs.map((h) => new URL(h, page.url()).pathname);
    return [...new Set(paths.filter((p) => pattern.test(p)))];
  }

  it('anyone reads the start page, the sign-in page, the accessibility statement, the demand profile and the error pages', async () => {
    await visit('public-home', '/');
    await visit('sign-in', '/sign-in');
    await visit('accessibility', '/accessibility');
    await figures('public-demand-profile', '/demand-profile');
    await visit('not-found', '/no-such-page', 404);
    expectNoProblems();
  });

  it('the hub sees its work, demand, forecasts, the market, prices, block-bed utilisation, contracts and tenders in every state', async () => {
    await signInAs('Regional hub commissioner');
    await visit('hub-home', '/');
    const demand = await figures('hub-demand-profile', '/demand-profile', [/No council has shared its figures yet/]);
    for (const c of COUNCILS) expect(demand).toContain(c.name);
    await figures('hub-forecasts', '/analytics/forecasts', [/No forecast:/, /No weekly prices are recorded yet/]);
    await figures('hub-gaps', '/analytics/gaps', [/No current placements recorded/]);
    await figures('hub-prices', '/analytics/prices', [/No placements with a weekly price have been recorded yet/]);
    await figures('hub-utilisation', '/analytics/utilisation', [/No closed month yet/]);
    await figures('hub-market', '/analytics/market', [/has not published/, /No forecast yet/]);
    const contracts = await figures('hub-contracts', '/hub/contracts');
    expect(contracts).toContain('(simulated)');
    // A correction by reversal: the entry is chosen from the last closed month's journal (never typed as an id),
    // checked on its own page with its lines in words, and reversed with a reason; it then reads "Reversed".
    const adjustments = await visit('hub-adjustments', '/hub/adjustments');
    expect(adjustments).toMatch(/Entries posted in \w+ \d{4}/);
    const [reversible] = await links(/^\/hub\/adjustments\/reverse\/[0-9a-f-]{36}$/);
    expect(reversible).toBeDefined();
    const shownMonth = await page.locator('#month').inputValue();
    const entryCheck = await visit('hub-adjustment-reverse', reversible!);
    expect(entryCheck).toMatch(/Its lines/);
    const accounts = await page.locator('#entry-lines tbody th').allTextContents();
    expect(accounts.length).toBeGreaterThan(1);
    expect(accounts.filter((a) => /^(council|contract|market):/.test(a.trim()))).toEqual([]);
    await page.getByRole('button', { name: 'Reverse entry' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/Say why/);
    await check('hub-adjustment-reverse-error');
    await page.getByLabel('Why').fill('Posted against the wrong contract');
    await page.getByRole('button', { name: 'Reverse entry' }).click();
    await page.waitForURL(/\/hub\/adjustments\?posted=/);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toMatch(/Posted/);
    await page.goto(`${web}/hub/adjustments?month=${shownMonth}`);
    const row = page.locator('#journal-entries tr', { has: page.locator(`a[href="${reversible}"]`) });
    await expect(row.count()).resolves.toBe(0);
    const providers = await visit('hub-providers', '/hub/providers');
    expect(providers).toMatch(/[1-9]\d* registered providers/);
    expect(providers).toMatch(/Ltd/);
    // One provider's own page: its settings with their Ofsted grades and inspection dates.
    const [providerPage] = await links(/^\/hub\/providers\/[^/]+$/);
    expect(providerPage).toBeDefined();
    expect(await visit('hub-provider', providerPage!)).toMatch(/Ofsted|inspected/i);
    await visit('hub-provider-lists', '/hub/provider-lists');
    const tenders = await figures('hub-tenders', '/hub/tenders');
    for (const state of ['draft', 'published', 'evaluation', 'awarded']) expect(tenders.toLowerCase()).toContain(state);
    const tenderPages = await links(/^\/hub\/tenders\/[0-9a-f-]{36}$/);
    expect(tenderPages.length).toBeGreaterThanOrEqual(5);
    for (const [i, path] of tenderPages.entries()) {
      const text = await visit(`hub-tender-${i + 1}`, path);
      const names = await page.locator('main h4[id^="bid-"]').allTextContents();
      if (/Status\s*awarded/.test(text)) bidders = names.map((n) => n.replace(/^Bid from /, '').trim());
    }
    expect(bidders.length).toBeGreaterThan(0);
    // The check page before a step that cannot be undone (not confirmed: the tender stays as it is).
    for (const path of tenderPages) {
      await page.goto(`${web}${path}`);
      if ((await page.locator('input[name="action"]').count()) > 0) break;
    }
    await page.locator('input[name="action"]').first().check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Are you sure/);
    await check('hub-tender-check');
    expectNoProblems();
  });

  it('each council analyst sees its own indicators, imports, referrals, children placed in and out of its area, and statements', async () => {
    for (const [i, c] of COUNCILS.entries()) {
      const key = c.name.toLowerCase().replace(/\W+/g, '-');
      await signInAs(`${c.name}: data analyst`);
      await figures(`analyst-${key}-indicators`, '/council/indicators');
      // Where its children are placed: in its own area and in others' (the placements carry locations).
      const placed = await figures(`analyst-${key}-gaps`, '/analytics/gaps', [/No current placements recorded/]);
      expect(placed).toMatch(/In its own area\s*In another area/);
      await figures(`analyst-${key}-statements`, '/council/statements');
      if (i > 0) continue;
      await visit(`analyst-${key}-home`, '/');
      await visit(`analyst-${key}-imports`, '/council/imports');
      await visit(`analyst-${key}-reconcile`, '/council/reconcile');
      await figures(`analyst-${key}-forecasts`, '/analytics/forecasts', [/No forecast:/]);
      await figures(`analyst-${key}-prices`, '/analytics/prices');
      await visit(`analyst-${key}-utilisation`, '/analytics/utilisation');
      await visit(`analyst-${key}-referrals`, '/council/referrals');
      const [first] = await links(/^\/council\/referrals\/[0-9a-f-]{36}$/);
      expect(first).toBeDefined();
      await visit(`analyst-${key}-referral`, first!);
      // A page of another role's: refused in plain words.
      await visit(`analyst-${key}-no-access`, '/hub/tenders', 403);
    }
    expectNoProblems();
  });

  it('a placements officer sees referrals in each state, one of each, and the first step of a new referral', async () => {
    const c = COUNCILS[0]!;
    await signInAs(`${c.name}: placements officer`);
    await visit('placements-home', '/');
    await visit('placements-referrals', '/council/referrals');
    let details = 0;
    for (const status of ['open', 'placed', 'unmet', 'withdrawn']) {
      await visit(`placements-referrals-${status}`, `/council/referrals?status=${status}`);
      const [first] = await links(/^\/council\/referrals\/[0-9a-f-]{36}$/);
      if (!first) continue;
      await visit(`placements-referral-${status}`, first);
      details++;
      // An open referral can be changed: the first page of the change.
      if (status === 'open') {
        const [change] = await links(/^\/council\/referrals\/[0-9a-f-]{36}\/change$/);
        expect(change).toBeDefined();
        await visit('placements-referral-change', change!);
      }
    }
    expect(details).toBeGreaterThanOrEqual(2);
    await visit('placements-referral-new', '/council/referrals/new');
    await figures('placements-statements', '/council/statements');
    expectNoProblems();
  });

  it('the provider with the most settings, and each bidder, see their settings, referrals, tenders and outcomes', async () => {
    const name = demoProvider();
    expect(name).toBeDefined();
    await signInAs('Provider user', name);
    await visit('provider-home', '/');
    await visit('provider', '/provider');
    await figures('provider-settings', '/provider/settings');
    const [setting] = await links(/^\/provider\/settings\/[^/]+$/);
    expect(setting).toBeDefined();
    await visit('provider-setting', setting!);
    await figures('provider-demand-profile', '/demand-profile');
    let referrals = 0;
    for (const [i, who] of [name!, ...bidders].entries()) {
      if (i > 0) await signInAs('Provider user', who);
      await visit(`provider-${i + 1}-referrals`, '/provider/referrals');
      for (const [j, path] of (await links(/^\/provider\/referrals\/[0-9a-f-]{36}$/)).slice(0, 2).entries()) {
        await visit(`provider-${i + 1}-referral-${j + 1}`, path);
        referrals++;
      }
      await visit(`provider-${i + 1}-tenders`, '/provider/tenders');
      for (const [j, path] of (await links(/^\/provider\/tenders\/[0-9a-f-]{36}$/)).entries())
        await visit(`provider-${i + 1}-tender-${j + 1}`, path);
    }
    expect(referrals).toBeGreaterThan(0);
    expectNoProblems();
  });

  it("the provider's market view: trend, forecast, needs, unmet referrals, placements and prices, councils by name", async () => {
    await signInAs('Provider user', demoProvider());
    const text = await figures('provider-market', '/analytics/market', [
      /has not published/,
      /No forecast yet/,
      /No placements with a weekly/,
    ]);
    for (const heading of ['Children looked after over time', 'Forecast', 'Demand by need', 'Unmet referrals'])
      expect(text).toContain(heading);
    expect(text).toContain('Where children are placed');
    // Councils by name, never by code.
    for (const c of COUNCILS) expect(await page.locator('#market-flows-table').textContent()).toContain(c.name);
    // The region-wide sections have a figure that is not zero; every count shown is 0, a marker, or at least the
    // threshold (6). Referrals by need are not in the first list: a year of three councils' referrals can leave every
    // need below the threshold (how many referrals name each need varies from run to run), and then all are markers.
    const cells = async (id: string) =>
      (await page.locator(`#${id} tbody td`).allTextContents()).map((t) => t.trim().replace(/,/g, ''));
    expect((await cells('market-need-table')).length).toBeGreaterThan(0);
    for (const id of ['market-trend-table', 'market-forecast-table', 'market-flows-table']) {
      const counts = (await cells(id)).filter((t) => /^\d+$/.test(t)).map(Number);
      expect({ id, nonZero: counts.some((n) => n > 0) }).toEqual({ id, nonZero: true });
    }
    for (const id of ['market-need-table', 'market-unmet-table', 'market-declines-table', 'market-flows-table']) {
      const small = (await cells(id)).filter((t) => /^\d+$/.test(t) && Number(t) > 0 && Number(t) < 6);
      expect({ id, small }).toEqual({ id, small: [] });
    }
    expect((await cells('market-unmet-table')).length).toBeGreaterThan(0);
    expect((await cells('market-prices-table')).join(' ')).toMatch(/£\d/);
    expectNoProblems();
  });

  it('every page of the web app was visited (each GET route, other than downloads and probes)', () => {
    const routes = getRoutes();
    // The list of exceptions names only routes that exist.
    expect(Object.keys(NOT_PAGES).filter((r) => !routes.includes(r))).toEqual([]);
    expect(
      routesNotVisited(
        routes.filter((r) => !(r in NOT_PAGES)),
        visited,
      ),
    ).toEqual([]);
  });
});
