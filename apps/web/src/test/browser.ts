import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '@rcc/platform';

/** Debian's Chromium, installed by `.ci/run` with apt: never a browser download. */
export const CHROMIUM = '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

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
   * axe-core on the current page (injected through the DevTools protocol, so the page's CSP stays on): fails on any
   * WCAG 2.x A/AA violation, then saves a full-page screenshot to test-output/screenshots/<name>.png.
   */
  audit(name: string): Promise<void>;
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
    viewport: { width: 1100, height: 900 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const audited: string[] = [];
  return {
    context,
    page,
    audited,
    audit: async (name) => {
      if (!(await page.evaluate('typeof axe !== "undefined"'))) {
        await page.evaluate(readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8') + '\n;undefined');
      }
      const violations = (await page.evaluate(
        `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } }).then(r => r.violations)`,
      )) as AxeViolation[];
      const report = violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
      expect({ page: name, violations: report }).toEqual({ page: name, violations: [] });
      audited.push(name);
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
