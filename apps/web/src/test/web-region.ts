import type { Page } from 'playwright-core';
import { baseEnv, freePort, spawnService, startRegion, type SpawnedService, type TestRegion } from '@rcc/testing';
import { requireChromium, type TestBrowser } from './browser.js';

export interface WebCouncil {
  code: string;
  name: string;
}

/** A whole region on real PostgreSQL and Kafka with the web front end in front of its gateway. */
export interface WebRegion {
  region: TestRegion;
  web: SpawnedService;
}

/**
 * Starts a region of the councils given and the web app against its gateway (naming those councils), after checking
 * that Chromium is there (a browser test fails, never skips). `env` adds web settings, from the started region.
 * If the web app does not start, the region is stopped before the error is thrown.
 */
export async function startWebRegion(
  councils: readonly WebCouncil[],
  env: (region: TestRegion) => Record<string, string> = () => ({}),
): Promise<WebRegion> {
  requireChromium();
  const region = await startRegion({ councils: [...councils] });
  try {
    const web = await spawnService('web', {
      ...baseEnv(),
      PORT: String(await freePort()),
      RCC_GATEWAY_URL: region.gatewayUrl,
      RCC_WEB_COUNCILS: councils.map((c) => `${c.code}=${c.name}`).join(','),
      ...env(region),
    });
    return { region, web };
  } catch (error) {
    await region.stop();
    throw error;
  }
}

/** Closes the browser, then stops the web app and the region: whichever of them had started. */
export async function stopWebRegion(started: {
  browser?: TestBrowser | undefined;
  web?: SpawnedService | undefined;
  region?: TestRegion | undefined;
}): Promise<void> {
  await started.browser?.close();
  await started.web?.stop();
  await started.region?.stop();
}

/**
 * Signing in and out as the demo users of the web app's sign-in page. The page and the web app's URL are read when
 * called (a test file sets them in its beforeAll).
 */
export function demoSignIn(page: () => Page, webUrl: () => string) {
  return {
    /** Signs in as `choice` (a provider user as the provider given, by name or id) and lands on `next`. */
    async signInAs(choice: string, next = '/', provider?: string): Promise<void> {
      const p = page();
      await p.goto(`${webUrl()}/sign-in?next=${encodeURIComponent(next)}`);
      await p.getByLabel(choice, { exact: true }).check();
      if (provider) await p.getByLabel('If you chose a provider user: which provider?').selectOption(provider);
      await p.getByRole('button', { name: 'Sign in as this demo user' }).click();
      // The click only starts the sign-in (a POST answered by a redirect to `next`), and the sign-in page is already
      // loaded: wait until the page has left it, or a reload before the redirect lands reloads the sign-in page.
      await p.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    },
    async signOut(): Promise<void> {
      await page().getByRole('button', { name: 'Sign out' }).click();
      await page().waitForURL(`${webUrl()}/`);
    },
  };
}
