import { createServer } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { repoRoot } from '@rcc/platform';
import { openBrowser, requireChromium, type TestBrowser } from './test/browser.js';
import { demoSignIn } from './test/web-region.js';

/**
 * Every hub, council and provider page of a simulated region, in Chromium: the demo itself (`rcc start`, embedded)
 * with three councils, two years of returns, the simulated market and its year of operations (docs/adr/0049), on
 * ports of its own. Each page must show figures that are not all zeros and none of its "No ..." placeholders.
 */
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

  /** The page's main text, after checking it has non-zero figures and none of the placeholders given. */
  async function figures(path: string, placeholders: RegExp[] = []): Promise<string> {
    const response = await page.goto(`${web}${path}`);
    expect(response?.status()).toBe(200);
    const text = (await page.locator('main').textContent()) ?? '';
    const numbers = [...text.replace(/,(?=\d{3})/g, '').matchAll(/\d+(\.\d+)?/g)].map((m) => Number(m[0]));
    expect(numbers.filter((n) => n > 0).length).toBeGreaterThan(2);
    for (const p of [/No month has been closed yet/, /No block contracts yet/, ...placeholders])
      expect(`${path}: ${text}`).not.toMatch(p);
    return text;
  }

  it('the hub sees demand, forecasts, the market, prices, block-bed utilisation, contracts and tenders in every state', async () => {
    await signInAs('Regional hub commissioner');
    const demand = await figures('/demand-profile', [/No council has shared its figures yet/]);
    for (const c of COUNCILS) expect(demand).toContain(c.name);
    const forecasts = await figures('/analytics/forecasts', [/No forecast:/, /No weekly prices are recorded yet/]);
    expect(forecasts).toMatch(/\d/);
    await figures('/analytics/gaps', [/No current placements recorded/]);
    await figures('/analytics/prices', [/No placements with a weekly price have been recorded yet/]);
    await figures('/analytics/utilisation', [/No closed month yet/]);
    const contracts = await figures('/hub/contracts');
    expect(contracts).toContain('(simulated)');
    const tenders = await figures('/hub/tenders');
    for (const state of ['draft', 'published', 'evaluation', 'awarded']) expect(tenders.toLowerCase()).toContain(state);
    const providers = await figures('/hub/providers', [/No providers are registered yet/]);
    expect(providers).toMatch(/Ltd/);
  });

  it('each council analyst sees its own indicators, with children placed in and out of its area, and statements', async () => {
    for (const c of COUNCILS) {
      await signInAs(`${c.name}: data analyst`);
      await figures('/council/indicators');
      // Where its children are placed: in its own area and in others' (the placements carry locations).
      const placed = await figures('/analytics/gaps', [/No current placements recorded/]);
      expect(placed).toMatch(/In its own area\s*In another area/);
      await figures('/council/statements');
    }
  });

  it('the provider with the most settings sees its settings, referrals and the open tenders', async () => {
    const name = /Demo provider: (.+) \(id /.exec(output)?.[1]?.trim();
    expect(name).toBeDefined();
    await signInAs('Provider user', name);
    await figures('/provider');
    await figures('/provider/settings');
  });

  it("the provider's market view: trend, forecast, needs, unmet referrals, placements and prices, councils by name", async () => {
    const name = /Demo provider: (.+) \(id /.exec(output)?.[1]?.trim();
    await signInAs('Provider user', name);
    const text = await figures('/analytics/market', [
      /has not published/,
      /No forecast yet/,
      /No placements with a weekly/,
    ]);
    for (const heading of ['Children looked after over time', 'Forecast', 'Demand by need', 'Unmet referrals'])
      expect(text).toContain(heading);
    expect(text).toContain('Where children are placed');
    // Councils by name, never by code.
    for (const c of COUNCILS) expect(await page.locator('#market-flows-table').textContent()).toContain(c.name);
    expect(text).not.toMatch(/E(06|08|09|10)\d{6}/);
    // Every section has a figure that is not zero; every count shown is 0, a marker, or at least the threshold (6).
    const cells = async (id: string) =>
      (await page.locator(`#${id} tbody td`).allTextContents()).map((t) => t.trim().replace(/,/g, ''));
    for (const id of ['market-trend-table', 'market-forecast-table', 'market-need-table', 'market-flows-table']) {
      const counts = (await cells(id)).filter((t) => /^\d+$/.test(t)).map(Number);
      expect({ id, nonZero: counts.some((n) => n > 0) }).toEqual({ id, nonZero: true });
    }
    for (const id of ['market-need-table', 'market-unmet-table', 'market-declines-table', 'market-flows-table']) {
      const small = (await cells(id)).filter((t) => /^\d+$/.test(t) && Number(t) > 0 && Number(t) < 6);
      expect({ id, small }).toEqual({ id, small: [] });
    }
    expect((await cells('market-unmet-table')).length).toBeGreaterThan(0);
    expect((await cells('market-prices-table')).join(' ')).toMatch(/£\d/);
    await browser.audit('provider-market');
  });
});
