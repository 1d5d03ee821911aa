import { describe, expect, it } from '@jest/globals';
import { formatValue, type ProtectedTable, type PublishedValue } from '@rcc/disclosure';
import {
  OUTSIDE_REGION,
  OWN_AREA,
  protectForecast,
  protectMarket,
  protectPrices,
  type ReferralFact,
} from './provider-market.protect.js';

const OPTIONS = { minCount: 6 };
const STAFFS = 'E10000028';
const STOKE = 'E06000021';
const shown = (v: PublishedValue) => formatValue(v);
const row = (t: ProtectedTable, key: string) => t.cells[t.rowKeys.indexOf(key)]!.map(shown);

function referrals(n: number, fact: Partial<ReferralFact>): ReferralFact[] {
  return Array.from({ length: n }, () => ({
    councilCode: STAFFS,
    ageBand: '10-15',
    needs: [],
    unmet: false,
    declines: [],
    ...fact,
  }));
}

describe("a provider's market view, through the disclosure-control library", () => {
  const view = protectMarket(
    {
      regionCouncils: [STAFFS, STOKE],
      referrals: [
        ...referrals(20, { needs: ['emotional-behavioural'] }),
        ...referrals(9, {
          needs: ['emotional-behavioural'],
          unmet: true,
          declines: [{ reason: 'no-vacancy', count: 4 }],
        }),
        ...referrals(7, { councilCode: STOKE, ageBand: '16-plus', unmet: true, needs: ['learning-difficulty'] }),
        ...referrals(2, { councilCode: STOKE, ageBand: '10-15', unmet: true }),
        // Not a member of this region: never counted.
        ...referrals(30, { councilCode: 'E08000025', unmet: true }),
      ],
      placements: [
        ...Array.from({ length: 12 }, () => ({ councilCode: STAFFS, hostCode: STAFFS })),
        ...Array.from({ length: 8 }, () => ({ councilCode: STAFFS, hostCode: 'E08000025' })),
        ...Array.from({ length: 3 }, () => ({ councilCode: STOKE, hostCode: STAFFS })),
      ],
      prices: [],
      forecast: null,
    },
    OPTIONS,
  );

  it('shows demand by need, placed or open against unmet, hiding small counts', () => {
    expect(row(view.demandByNeed, 'emotional-behavioural')).toEqual(['20', '9']);
    expect(shown(view.demandByNeed.rowTotals[view.demandByNeed.rowKeys.indexOf('emotional-behavioural')]!)).toBe('29');
    expect(row(view.demandByNeed, 'learning-difficulty')).toEqual(['0', '7']);
  });

  it('shows unmet referrals by area and age band with their margins protected together', () => {
    const t = view.unmetByAreaAndAge;
    expect(t.rowKeys).toEqual([STAFFS, STOKE]);
    expect(t.colKeys.slice(0, 5)).toEqual(['under-1', '1-4', '5-9', '10-15', '16-plus']);
    // Stoke: 2 aged 10 to 15 (hidden), and what would give the 2 away by subtraction hidden with it.
    expect(row(t, STOKE)).toEqual(['0', '0', '0', 'c', 'c']);
    expect(row(t, STAFFS)).toEqual(['0', '0', '0', 'c', '0']);
    expect(t.rowTotals.map(shown)).toEqual(['c', 'c']);
    expect(t.colTotals.map(shown).slice(0, 5)).toEqual(['0', '0', '0', 'c', 'c']);
    expect(shown(t.grandTotal)).toBe('18');
  });

  it('counts declines on unmet referrals by reason', () => {
    expect(row(view.declinesByReason, 'no-vacancy')).toEqual(['36']);
  });

  it('shows where children are placed: own area, another member, outside the region', () => {
    const t = view.placementFlows;
    expect(t.colKeys).toEqual([OWN_AREA, STAFFS, STOKE, OUTSIDE_REGION]);
    // Stoke's 3 in Staffordshire are hidden, and Staffordshire's 8 outside the region with them (column sums).
    expect(row(t, STAFFS)).toEqual(['12', '0', '0', 'c']);
    expect(row(t, STOKE)).toEqual(['0', 'c', '0', '0']);
    expect(shown(t.grandTotal)).toBe('23');
  });

  it('gives price quartiles by type only over enough placements, never the extremes', () => {
    const prices = protectPrices(
      [
        ...[400_000, 450_000, 500_000, 550_000, 600_000, 650_000].map((p) => ({
          placementCategory: 'residential',
          weeklyCostPence: p,
        })),
        ...[90_000, 95_000].map((p) => ({ placementCategory: 'fostering', weeklyCostPence: p })),
      ],
      OPTIONS,
    );
    expect(prices).toEqual([
      {
        placementCategory: 'fostering',
        placements: expect.objectContaining({ kind: 'marker', marker: 'c' }),
        quartiles: null,
      },
      {
        placementCategory: 'residential',
        placements: { kind: 'count', value: 6 },
        quartiles: { lowerQuartilePence: 462_500, medianPence: 525_000, upperQuartilePence: 587_500 },
      },
    ]);
  });

  it('rounds the forecast and its interval to the nearest 10', () => {
    const f = protectForecast({
      lastMonth: '2026-03',
      bands: [{ month: '2026-04', point: 1234.4, lower80: 1198.6, upper80: 3.2 }],
    });
    expect(f.months.map((m) => [m.month, shown(m.point), shown(m.lower80), shown(m.upper80)])).toEqual([
      ['2026-04', '1230', '1200', 'k'],
    ]);
  });
});
