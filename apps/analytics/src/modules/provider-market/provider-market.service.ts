import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@rcc/auth';
import type { ProtectedTable, PublishedValue } from '@rcc/disclosure';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';
import { publishedCount } from '../publication/publication.format.js';
import type { MarketTable, ProviderMarket } from './provider-market.model.js';
import { ProviderMarketFacts } from './provider-market.facts.js';
import { protectMarket } from './provider-market.protect.js';

const served = (t: ProtectedTable, rowDimension: string, columnDimension: string): MarketTable => ({
  rowDimension,
  columnDimension,
  columnKeys: t.colKeys,
  rows: t.rowKeys.map((key, r) => ({
    key,
    values: t.cells[r]!.map(publishedCount),
    total: publishedCount(t.rowTotals[r]!),
  })),
  columnTotals: t.colTotals.map(publishedCount),
  total: publishedCount(t.grandTotal),
});

const count = (v: PublishedValue) => publishedCount(v);

/**
 * The provider's market view (issue 22, item 7): the region's demand and the market-gap signal, computed from what
 * analytics holds (referrals, unmet-need events, placements with the homes' locations, forecasts) and published only
 * through the disclosure-control library (provider-market.protect.ts). No council's child-level figure, no single
 * placement's price, and no exact forecast leaves here (docs/adr/0057).
 */
@Injectable()
export class ProviderMarketService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig,
    private readonly facts: ProviderMarketFacts,
  ) {}

  async view(principal: Principal): Promise<ProviderMarket> {
    const asAt = new Date().toISOString().slice(0, 10);
    const councils = this.config.regionCouncils;
    const p = protectMarket(await this.facts.read(principal, councils, asAt), {
      minCount: this.config.RCC_DISCLOSURE_MIN_COUNT,
    });
    return {
      asAt,
      minCount: this.config.RCC_DISCLOSURE_MIN_COUNT,
      councils,
      demandByNeed: served(p.demandByNeed, 'need', 'outcome'),
      unmetByAreaAndAge: served(p.unmetByAreaAndAge, 'council', 'age-band'),
      declinesByReason: served(p.declinesByReason, 'decline-reason', 'declines'),
      placementFlows: served(p.placementFlows, 'council', 'home-area'),
      prices: p.prices.map((x) => ({
        placementCategory: x.placementCategory,
        placements: count(x.placements),
        lowerQuartilePence: x.quartiles?.lowerQuartilePence ?? null,
        medianPence: x.quartiles?.medianPence ?? null,
        upperQuartilePence: x.quartiles?.upperQuartilePence ?? null,
      })),
      forecast: p.forecast && {
        lastMonth: p.forecast.lastMonth,
        roundedTo: p.forecast.roundedTo,
        months: p.forecast.months.map((m) => ({
          month: m.month,
          point: count(m.point),
          lower80: count(m.lower80),
          upper80: count(m.upper80),
        })),
      },
    };
  }
}
