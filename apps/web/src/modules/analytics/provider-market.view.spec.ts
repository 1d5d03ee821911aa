import { describe, expect, it } from '@jest/globals';
import { councilName } from '../../platform/council-names.js';
import { providerMarketView, type MarketTable, type ProviderMarket } from './provider-market.view.js';

const n = (count: number) => ({ display: String(count), count });
const c = { display: 'c', count: null };
const table = (columnKeys: string[], rows: [string, ReturnType<typeof n> | typeof c][][]): MarketTable => ({
  columnKeys,
  rows: rows.map((r, i) => ({ key: String(r[0]?.[0] ?? i), values: r.map(([, v]) => v), total: c })),
  columnTotals: columnKeys.map(() => c),
  total: n(40),
});

const OWN = [{ code: 'E10000028', name: 'Staffordshire' }];
const market: ProviderMarket = {
  asAt: '2026-12-06',
  minCount: 6,
  councils: ['E10000028', 'E06000021'],
  demandByNeed: table(
    ['placed-or-open', 'unmet'],
    [
      [
        ['emotional-behavioural', n(14)],
        ['', n(18)],
      ],
    ],
  ),
  unmetByAreaAndAge: table(
    ['10-15', '16-plus'],
    [
      [
        ['E06000021', c],
        ['', c],
      ],
    ],
  ),
  declinesByReason: table(['declines'], [[['no-vacancy', n(16)]]]),
  placementFlows: table(
    ['own-area', 'E06000021', 'outside-region'],
    [
      [
        ['E10000028', n(10)],
        ['', n(0)],
        ['', n(6)],
      ],
    ],
  ),
  prices: [
    {
      placementCategory: 'fostering',
      placements: c,
      lowerQuartilePence: null,
      medianPence: null,
      upperQuartilePence: null,
    },
    {
      placementCategory: 'residential',
      placements: n(22),
      lowerQuartilePence: 552_500,
      medianPence: 600_000,
      upperQuartilePence: 637_500,
    },
  ],
  forecast: {
    lastMonth: '2026-10',
    roundedTo: 10,
    months: [{ month: '2026-11', point: n(430), lower80: n(400), upper80: n(470) }],
  },
};

describe("the provider's market page", () => {
  const text = providerMarketView(
    market,
    [{ asAt: '2026-03-31', version: 1, categoryTotals: [{ key: 'residential', value: n(120) }], total: n(410) }],
    (code) => councilName(code, OWN),
  )
    .toString()
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

  it('names councils, never codes: the member by its own name, the others by the DfE name', () => {
    expect(text).toContain('Staffordshire');
    expect(text).toContain('Stoke-on-Trent');
    expect(text).toContain('In Stoke-on-Trent');
    expect(text).not.toMatch(/E(06|08|09|10)\d{6}/);
  });

  it('shows figures as published: markers stay markers, withheld prices say so, money in pounds', () => {
    expect(text).toContain('Emotional behavioural 14 18');
    expect(text).toContain('Fostering c Withheld Withheld Withheld');
    expect(text).toContain('Residential 22 £5,525.00 £6,000.00 £6,375.00');
    expect(text).toContain('November 2026 430 400 470');
    expect(text).toContain('31 March 2026 120 410');
  });
});
