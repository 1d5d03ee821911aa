import { describe, expect, it } from '@jest/globals';
import { WEST_MIDLANDS } from './geography.js';
import {
  HOME_SECTOR,
  HOMES_PER_CHILD_LOOKED_AFTER,
  IN_HOUSE_FOSTERING_PLACES_PER_CHILD,
  SUPPORTED_SETTINGS_PER_CHILD,
  WEEKLY_PRICE_POUNDS,
} from './market-rates.js';
import { simulateMarket, type MarketSetting } from './market.js';

/**
 * The simulated market measured against the figures cited in market-rates.ts. Setting counts are Poisson draws around
 * the cited rate, so the bands are two standard deviations of the count plus 20% for the smallest councils.
 */
const councils = WEST_MIDLANDS.slice(0, 5);
const market = simulateMarket({ seed: 20260331, councils, asAt: '2026-12-06' });
const ofKind = (list: MarketSetting[], kind: MarketSetting['kind']) => list.filter((s) => s.kind === kind);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const withinPoisson = (count: number, mean: number) => {
  const slack = 2 * Math.sqrt(mean) + 0.2 * mean;
  expect(count).toBeGreaterThanOrEqual(Math.max(1, Math.floor(mean - slack)));
  expect(count).toBeLessThanOrEqual(Math.ceil(mean + slack));
};

describe('the simulated provider market', () => {
  it('is the same from the same seed and different from another', () => {
    const again = simulateMarket({ seed: 20260331, councils, asAt: '2026-12-06' });
    expect(again.listNow.content).toBe(market.listNow.content);
    const other = simulateMarket({ seed: 7, councils, asAt: '2026-12-06' });
    expect(other.listNow.content).not.toBe(market.listNow.content);
  });

  it('has children’s homes, supported accommodation and an in-house fostering service per council in cited bands', () => {
    for (const council of councils) {
      const own = market.settings.filter((s) => s.councilCode === council.code);
      withinPoisson(ofKind(own, 'childrens-home').length, council.lookedAfter * HOMES_PER_CHILD_LOOKED_AFTER);
      withinPoisson(ofKind(own, 'supported-accommodation').length, council.lookedAfter * SUPPORTED_SETTINGS_PER_CHILD);
      expect(ofKind(own, 'independent-fostering-agency').length).toBeGreaterThanOrEqual(1);
      const inHouse = ofKind(own, 'local-authority-fostering');
      expect(inHouse).toHaveLength(1);
      expect(inHouse[0]!.places).toBe(Math.round(council.lookedAfter * IN_HOUSE_FOSTERING_PLACES_PER_CHILD));
      expect(inHouse[0]!.provider.sector).toBe('Local Authority');
    }
  });

  it('runs most homes for profit, with a few ownership groups holding a share of them', () => {
    const homes = ofKind(market.settings, 'childrens-home');
    const forProfit = homes.filter((s) => s.provider.sector === 'Private').length / homes.length;
    expect(forProfit).toBeGreaterThan(HOME_SECTOR.Private - 0.1);
    expect(forProfit).toBeLessThan(HOME_SECTOR.Private + 0.1);
    const grouped = market.settings.filter((s) => s.provider.group).length;
    const privateSettings = market.settings.filter((s) => s.provider.sector === 'Private').length;
    expect(grouped / privateSettings).toBeGreaterThan(0.2);
    expect(grouped / privateSettings).toBeLessThan(0.5);
    expect(new Set(market.providers.map((p) => p.group).filter(Boolean)).size).toBeGreaterThanOrEqual(4);
  });

  it('keeps every setting’s places and price in range, most homes with four places or fewer', () => {
    for (const s of market.settings) {
      const p = WEEKLY_PRICE_POUNDS[s.kind];
      expect(s.weeklyPricePence).toBeGreaterThanOrEqual(p.min * 100);
      expect(s.weeklyPricePence).toBeLessThanOrEqual(p.max * 100);
      expect(Number.isInteger(s.weeklyPricePence)).toBe(true);
      expect(s.places).toBeGreaterThanOrEqual(1);
      if (s.kind === 'childrens-home') expect(s.places).toBeLessThanOrEqual(8);
      if (s.kind === 'supported-accommodation') expect(s.ages).toEqual([16, 17]);
    }
    const homes = ofKind(market.settings, 'childrens-home');
    expect(homes.filter((h) => h.places <= 4).length / homes.length).toBeGreaterThan(0.65);
  });

  it('prices each type around its cited median, homes far dearer than fostering', () => {
    for (const kind of ['childrens-home', 'supported-accommodation', 'independent-fostering-agency'] as const) {
      const m = median(ofKind(market.settings, kind).map((s) => s.weeklyPricePence)) / 100;
      expect(m).toBeGreaterThan(WEEKLY_PRICE_POUNDS[kind].median * 0.8);
      expect(m).toBeLessThan(WEEKLY_PRICE_POUNDS[kind].median * 1.2);
    }
    const homes = ofKind(market.settings, 'childrens-home').map((s) => s.weeklyPricePence);
    expect(Math.max(...homes) / Math.min(...homes)).toBeGreaterThan(1.8); // a real spread, not one price
  });

  it('has unique URNs and a provider exit in the last year, closed in the current list only', () => {
    expect(new Set(market.settings.map((s) => s.urn)).size).toBe(market.settings.length);
    const days = (Date.parse('2026-12-06') - Date.parse(market.exit.date)) / 86_400_000;
    expect(days).toBeGreaterThan(0);
    expect(days).toBeLessThanOrEqual(365);
    const exited = market.settings.filter((s) => s.provider === market.exit.provider);
    expect(exited.length).toBeGreaterThanOrEqual(2);
    const closedRows = (csv: string) => csv.split('\n').filter((l) => l.includes(',Closed,')).length;
    expect(closedRows(market.listBeforeExit.content)).toBe(0);
    expect(closedRows(market.listNow.content)).toBe(exited.length);
    expect(market.listNow.content.split('\n').filter(Boolean)).toHaveLength(market.settings.length + 1);
  });
});
