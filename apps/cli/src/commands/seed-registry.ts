import { simulateMarket, type CouncilProfile } from '@rcc/simulator';
import { devToken } from './dev-keys.js';
import { simulateYear } from './simulate-year.js';

/**
 * Seeds the demo region's market and its year of operations through the gateway, as the hub, providers and councils
 * would (simulate-year.ts): the simulated provider market of the region's councils (libs/simulator, deterministic from
 * the seed; synthetic names, real rates), vacancies, referrals, placements, block contracts, tenders and closed
 * months. Repeatable: a second start finds everything done. Returns the provider with the most settings, for the demo
 * provider token.
 */
export async function seedRegistry(
  url: string,
  hubToken: string,
  seed: number,
  councils: readonly CouncilProfile[],
  log: (line: string) => void = (line) => console.log(line),
): Promise<{ id: string; name: string }> {
  const market = simulateMarket({ seed, councils, asAt: new Date().toISOString().slice(0, 10) });
  log(
    `  Simulated market (seed ${seed}, synthetic names, cited rates): ${market.settings.length} settings of ${market.providers.length} providers`,
  );
  const providerIds = await simulateYear({ url, hub: hubToken, tokenFor: devToken, market, councils, log });
  const count = new Map<string, number>();
  for (const s of market.settings)
    if (s.provider.sector !== 'Local Authority' && s.provider !== market.exit.provider)
      count.set(s.provider.name, (count.get(s.provider.name) ?? 0) + 1);
  const [largest] = [...count].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  return { id: providerIds.get(largest)!, name: largest };
}
