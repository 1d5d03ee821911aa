import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { Principal } from '@rcc/auth';
import { MessagingTables1763769600000 } from '@rcc/messaging';
import { createTestDatabase, type TestDatabase } from '@rcc/testing';
import { Market1763856000100 } from '../../migrations/1763856000100-Market.js';
import { AnalyticsConfig } from '../../platform/analytics.config.js';
import type { ForecastsService } from '../forecasts/forecasts.service.js';
import type { ForecastSeries } from '../forecasts/forecasts.model.js';
import type { MarketTable } from './provider-market.model.js';
import { ProviderMarketFacts } from './provider-market.facts.js';
import { ProviderMarketService } from './provider-market.service.js';

/**
 * The provider's market view on real PostgreSQL: what it reads of the market tables (members only, the twelve-month
 * window, withdrawn referrals left out, current placements with the home's area, prices by the home's type) and that
 * what it answers has passed disclosure control.
 */
const STAFFS = 'E10000028';
const STOKE = 'E06000021';
const WALSALL = 'E08000030';
const PROVIDER: Principal = { subject: 'p', roles: ['provider.user'], provider: randomUUID() };

const cell = (t: MarketTable, row: string, col: string) =>
  t.rows.find((r) => r.key === row)?.values[t.columnKeys.indexOf(col)]?.display;

describe("the provider's market view on real PostgreSQL", () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let service: ProviderMarketService;
  const config = Object.assign(new AnalyticsConfig(), { RCC_REGION_COUNCILS: `${STAFFS},${STOKE}` });
  const forecastAsked: Principal[] = [];
  const forecasts = {
    forecasts: async (principal: Principal) => {
      forecastAsked.push(principal);
      return [
        { key: STAFFS, scope: 'council', status: 'ok', lastMonth: '2026-10', forecast: [] },
        {
          key: 'region',
          scope: 'region',
          status: 'ok',
          lastMonth: '2026-10',
          forecast: [{ month: '2026-11', point: 431.6, lower80: 402.2, upper80: 466.9, lower95: 0, upper95: 0 }],
        },
      ] as unknown as ForecastSeries[];
    },
  } as unknown as ForecastsService;

  const referral = (council: string, fields: Record<string, unknown>) =>
    dataSource.query(
      `INSERT INTO market_referral (referral_id, council_code, age_band, needs, opened_at, outcome, unmet_at, declines)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        randomUUID(),
        council,
        fields['ageBand'] ?? '10-15',
        JSON.stringify(fields['needs'] ?? ['emotional-behavioural']),
        fields['openedAt'] ?? new Date(),
        fields['outcome'] ?? null,
        fields['unmet'] ? new Date() : null,
        JSON.stringify(fields['declines'] ?? []),
      ],
    );
  const setting = (urn: string, la: string, category: string) =>
    dataSource.query(
      `INSERT INTO market_setting (urn, provider_id, setting_type, placement_category, registration_status,
                                   local_authority_code, registered_places, closed, occurred_at)
       VALUES ($1, $2, 'childrens-home', $3, 'active', $4, 4, false, now())`,
      [urn, randomUUID(), category, la],
    );
  const placement = (council: string, urn: string, pence: number, ended = false) =>
    dataSource.query(
      `INSERT INTO market_placement (placement_id, council_code, setting_urn, route, placement_category, start_date,
                                     end_date, weekly_cost_pence)
       VALUES ($1, $2, $3, 'spot', 'other', current_date - 30, $4, $5)`,
      [randomUUID(), council, urn, ended ? new Date(Date.now() - 86_400_000) : null, pence],
    );

  beforeAll(async () => {
    db = await createTestDatabase('analytics_provider_market');
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url,
      migrations: [MessagingTables1763769600000, Market1763856000100],
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    service = new ProviderMarketService(config, new ProviderMarketFacts(dataSource, forecasts));

    for (let i = 0; i < 14; i++) await referral(STAFFS, {});
    for (let i = 0; i < 8; i++)
      await referral(STAFFS, { unmet: true, ageBand: '16-plus', declines: [{ reason: 'no-vacancy', count: 2 }] });
    for (let i = 0; i < 3; i++) await referral(STOKE, { unmet: true, ageBand: '16-plus' });
    for (let i = 0; i < 7; i++) await referral(STOKE, { unmet: true, ageBand: '10-15' });
    // Not counted: withdrawn, opened more than a year ago, or another region's council.
    for (let i = 0; i < 6; i++) await referral(STAFFS, { outcome: 'withdrawn' });
    for (let i = 0; i < 6; i++) await referral(STAFFS, { openedAt: new Date(Date.now() - 400 * 86_400_000) });
    for (let i = 0; i < 6; i++) await referral('E08000025', { unmet: true });

    await setting('SC1', STAFFS, 'residential');
    await setting('SC2', WALSALL, 'residential');
    await setting('SC3', STOKE, 'fostering');
    for (let i = 0; i < 10; i++) await placement(STAFFS, 'SC1', 500_000 + i * 10_000);
    for (let i = 0; i < 6; i++) await placement(STAFFS, 'SC2', 600_000);
    for (let i = 0; i < 6; i++) await placement(STOKE, 'SC2', 650_000, true);
    for (let i = 0; i < 2; i++) await placement(STOKE, 'SC3', 90_000, true);
  }, 120_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('counts members’ referrals of the last twelve months, withdrawn ones left out, small counts hidden', async () => {
    const m = await service.view(PROVIDER);
    expect(m.councils).toEqual([STAFFS, STOKE]);
    expect(cell(m.demandByNeed, 'emotional-behavioural', 'placed-or-open')).toBe('14');
    expect(cell(m.demandByNeed, 'emotional-behavioural', 'unmet')).toBe('18');
    expect(m.unmetByAreaAndAge.rows.map((r) => r.key)).toEqual([STAFFS, STOKE]);
    expect(cell(m.unmetByAreaAndAge, STOKE, '16-plus')).toBe('c');
    const shown = m.unmetByAreaAndAge.rows.flatMap((r) => [...r.values, r.total]).map((v) => v.count);
    expect(shown.filter((n) => n !== null && n > 0 && n < 6)).toEqual([]);
    expect(cell(m.declinesByReason, 'no-vacancy', 'declines')).toBe('16');
  });

  it('places current placements by the home’s area and prices them by the home’s type', async () => {
    const m = await service.view(PROVIDER);
    expect(m.placementFlows.columnKeys).toEqual(['own-area', STAFFS, STOKE, 'outside-region']);
    expect(cell(m.placementFlows, STAFFS, 'own-area')).toBe('10');
    expect(cell(m.placementFlows, STAFFS, 'outside-region')).toBe('6');
    // Stoke's placements have ended: none current.
    expect(m.placementFlows.rows.find((r) => r.key === STOKE)!.total.display).toBe('0');
    expect(m.prices).toEqual([
      {
        placementCategory: 'fostering',
        placements: expect.objectContaining({ display: 'c', count: null }),
        lowerQuartilePence: null,
        medianPence: null,
        upperQuartilePence: null,
      },
      {
        placementCategory: 'residential',
        placements: expect.objectContaining({ display: '22', count: 22 }),
        lowerQuartilePence: 552_500,
        medianPence: 600_000,
        upperQuartilePence: 637_500,
      },
    ]);
  });

  it("gives the region's forecast only, rounded to the nearest 10, asked as the caller", async () => {
    const m = await service.view(PROVIDER);
    expect(m.forecast).toEqual({
      lastMonth: '2026-10',
      roundedTo: 10,
      months: [
        {
          month: '2026-11',
          point: expect.objectContaining({ display: '430' }),
          lower80: expect.objectContaining({ display: '400' }),
          upper80: expect.objectContaining({ display: '470' }),
        },
      ],
    });
    expect(forecastAsked.at(-1)).toBe(PROVIDER);
  });
});
