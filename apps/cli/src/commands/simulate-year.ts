import type { SimulatedMarket } from '@rcc/simulator';
import { call, Calendar, type TokenFor } from './simulate-calendar.js';
import { closeMonths, createBlockContracts, fillBlockBeds, lendBed, runTenders } from './simulate-commissioning.js';
import {
  answerReferrals,
  decide,
  declareVacancies,
  openReferrals,
  recordHistory,
  referable,
  tokenOf,
  type Context,
  type Referral,
} from './simulate-operations.js';
import * as Q from './simulate-operations.queries.js';

export interface YearOptions {
  url: string;
  hub: string;
  tokenFor: TokenFor;
  market: SimulatedMarket;
  councils: Context['councils'];
  log?: (line: string) => void;
  today?: Date;
}

/** Imports the market's provider list through the registry's own import (the hub's importProviders). */
async function importList(url: string, hub: string, file: SimulatedMarket['listNow']) {
  const { importProviders } = await call<{
    importProviders: { rows: number; new: number; changed: number; closed: number; unchanged: number };
  }>(url, hub, `mutation($input: ImportProvidersInput!) { importProviders(input: $input) { rows new changed closed unchanged } }`, {
    input: { files: [{ name: file.name, content: file.content, encoding: 'utf8' }], strict: true },
  }); // prettier-ignore
  return importProviders;
}

/**
 * The simulated market and a year of operations, through the gateway with each role's token: the provider list as it
 * was a year ago, vacancies, block contracts and their placements, referrals with offers and declines, placements
 * started and ended, a lent bed, tenders in every state, the months closed, and the provider list as it is now (one
 * provider has left). A second run on the same region changes nothing. Returns the provider ids by name.
 */
export async function simulateYear(options: YearOptions): Promise<Map<string, string>> {
  const { url, hub, market } = options;
  const log = options.log ?? (() => undefined);
  const calendar = new Calendar(options.today);
  const started = Date.now();
  const exited = market.settings.find((s) => s.provider === market.exit.provider)!;
  const before = await call<{ setting: { urn: string } | null }>(url, hub, Q.SETTING_EXISTS, { urn: exited.urn });
  if (!before.setting) {
    const s = await importList(url, hub, market.listBeforeExit);
    log(`  Registry: ${s.rows} settings of the simulated market a year ago (${s.new} new)`);
  }
  const { providers } = await call<{ providers: { id: string; name: string }[] }>(url, hub, Q.PROVIDERS);
  const providerIds = new Map(providers.map((p) => [p.name, p.id]));
  const ctx: Context = { url, hub, tokenFor: options.tokenFor, market, councils: options.councils, providerIds, calendar, log }; // prettier-ignore

  // The largest ownership group is hard to replace and, highly indebted, financially at risk (CMA via the LGA).
  const group = market.providers.find((p) => p.group !== null);
  if (group)
    await call(url, hub, Q.SET_PROVIDER_RISK, {
      input: { providerId: providerIds.get(group.name), hardToReplace: true, financialRisk: true, note: `${group.group}: highly leveraged (simulated)` }, // prettier-ignore
    });
  const vacancies = await declareVacancies(ctx);
  const contracts = await createBlockContracts(ctx);

  // Each council not yet simulated: its block placements, then its referrals to the market.
  const referrals: Referral[] = [];
  const blockPlaced: number[] = [];
  const spare = new Map<string, string[]>();
  const history = { started: 0, ended: 0 };
  await Promise.all(
    options.councils.map(async (council) => {
      const token = await tokenOf(ctx, 'placements', council.code);
      const existing = await call<{ councilReferrals: unknown[] }>(url, token, Q.COUNCIL_REFERRALS);
      if (existing.councilReferrals.length > 0) return;
      const children = await referable(ctx, council.code);
      for (const contract of contracts.filter((c) => c.council === council.code)) {
        const own = children.splice(0, contract.ownBeds);
        const starts = own.map((c, j) => ({ childId: c.childId, startDate: calendar.day(-320 + 25 * j) }));
        blockPlaced.push(await fillBlockBeds(ctx, contract, council.code, starts, calendar.monthStart(-5)));
      }
      spare.set(
        council.code,
        children.splice(0, 1).map((c) => c.childId),
      );
      const past = await recordHistory(
        ctx,
        council.code,
        children.splice(0, Math.round(council.lookedAfter / 150) + 2),
      );
      history.started += past.started;
      history.ended += past.ended;
      const opened = await openReferrals(ctx, council, children);
      referrals.push(...opened);
    }),
  );
  let lent = 0;
  for (const contract of contracts)
    if (blockPlaced.length > 0 && (await lendBed(ctx, contract, spare.get(contract.partner ?? '')?.shift()))) lent++;
  const answered = referrals.length > 0 ? await answerReferrals(ctx, referrals) : { offers: 0, declines: 0 };
  const outcome = { placed: 0, unmet: 0 };
  await Promise.all(
    options.councils.map(async (council) => {
      const ids = new Set(referrals.filter((r) => r.council === council.code).map((r) => r.id));
      if (ids.size === 0) return;
      const share = Math.floor(((answered.offers + answered.declines) * ids.size) / referrals.length);
      const d = await decide(ctx, council.code, ids, share);
      outcome.placed += d.placed;
      outcome.unmet += d.unmet;
    }),
  );
  const tenders = await runTenders(ctx);
  const months = await closeMonths(ctx);
  const now = await importList(url, hub, market.listNow);
  log(
    `  Operations (${((Date.now() - started) / 1000).toFixed(1)} s): ${vacancies} vacancies declared, ${contracts.length} block contracts (${blockPlaced.reduce((a, b) => a + b, 0)} block placements, ${lent} beds lent), ` +
      `${referrals.length} referrals (${answered.offers} offers, ${answered.declines} declines; ${outcome.placed} placed, ${outcome.unmet} unmet), ${history.started} placements over the year (${history.ended} ended), ` +
      `tenders ${Object.entries(tenders).map(([s, n]) => `${n} ${s}`).join(', ')}, ${months.length} months closed, ` +
      `provider exit: ${market.exit.provider.name} on ${market.exit.date} (${now.closed} settings closed now)`,
  ); // prettier-ignore
  return providerIds;
}
