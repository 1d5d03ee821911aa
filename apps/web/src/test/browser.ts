import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '@rcc/platform';

/** Debian's Chromium, installed by `.ci/run` with apt: never a browser download. */
export const CHROMIUM = '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** Desktop first (the screenshot without a suffix), then a small phone. */
const WIDTHS = [1280, 375] as const;
/** The page's sideways overflow, naming the widest elements that stick out (none inside a scroll region). */
const SIDEWAYS = `(() => {
  const doc = document.documentElement;
  const over = doc.scrollWidth - doc.clientWidth;
  if (over <= 0) return [];
  const culprits = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1)
    .filter((e) => !e.closest('.app-table-wrapper *') || getComputedStyle(e).position === 'absolute')
    .slice(-3)
    .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
  return ['the page scrolls sideways by ' + over + 'px at ' + window.innerWidth + 'px: ' + culprits.join(', ')];
})()`;

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** A headless Chromium page for the browser tests, with axe-core and screenshots. */
export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Names of the pages audited so far, in order. */
  audited: string[];
  /**
   * axe-core on the current page at 1280 and 375 px (injected through the DevTools protocol, so the page's CSP stays
   * on): fails on any WCAG 2.x A/AA violation or a page that scrolls sideways, then saves full-page screenshots to
   * test-output/screenshots/<name>.png and <name>-375.png.
   */
  audit(name: string): Promise<void>;
  /** What `audit` checks and saves, as a list of what it found (each naming the page and width): never fails. */
  findings(name: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Fail, never skip: CI installs Debian's Chromium (.ci/run); locally: apt-get install -y chromium. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
}

export async function openBrowser(): Promise<TestBrowser> {
  requireChromium();
  const root = repoRoot();
  const shots = join(root, 'test-output', 'screenshots');
  mkdirSync(shots, { recursive: true });
  const profileDir = mkdtempSync(join(tmpdir(), 'rcc-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: WIDTHS[0], height: 900 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const audited: string[] = [];
  const browser: TestBrowser = {
    context,
    page,
    audited,
    audit: async (name) =>
      expect({ page: name, violations: await browser.findings(name) }).toEqual({ page: name, violations: [] }),
    findings: async (name) => {
      // Every audited page at a desktop width and at a small phone's (issue 22): axe at both, and nothing may make
      // the page scroll sideways at 375 px (a wide table scrolls inside its own focusable region instead).
      const found: string[] = [];
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        if (!(await page.evaluate('typeof axe !== "undefined"'))) {
          await page.evaluate(readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8') + '\n;undefined');
        }
        const violations = (await page.evaluate(
          `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } }).then(r => r.violations)`,
        )) as AxeViolation[];
        const report = violations.map(
          (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
        report.push(...((await page.evaluate(SIDEWAYS)) as string[]));
        found.push(...report.map((r) => `${name} at ${width} px: ${r}`));
        await page.screenshot({
          path: join(shots, `${name}${width === WIDTHS[0] ? '' : `-${width}`}.png`),
          fullPage: true,
        });
      }
      await page.setViewportSize({ width: WIDTHS[0]!, height: 900 });
      audited.push(name);
      return found;
    },
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
  return browser;
}
