import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Principal } from '@rcc/auth';
import type { ProtectedTable, PublishedValue } from '@rcc/disclosure';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';
import { ForecastsService } from '../forecasts/forecasts.service.js';
import { publishedCount } from '../publication/publication.format.js';
import type { MarketTable, ProviderMarket } from './provider-market.model.js';
import {
  protectMarket,
  type ForecastFact,
  type PlacementFact,
  type PriceFact,
  type ReferralFact,
} from './provider-market.protect.js';

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
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig,
    private readonly forecasts: ForecastsService,
  ) {}

  async view(principal: Principal): Promise<ProviderMarket> {
    const asAt = new Date().toISOString().slice(0, 10);
    const councils = this.config.regionCouncils;
    const [referrals, placements, prices, forecast] = await Promise.all([
      this.referrals(councils, asAt),
      this.placements(councils, asAt),
      this.prices(councils, asAt),
      this.forecast(principal),
    ]);
    const p = protectMarket(
      { regionCouncils: councils, referrals, placements, prices, forecast },
      { minCount: this.config.RCC_DISCLOSURE_MIN_COUNT },
    );
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

  /** The member councils' referrals opened (or found unmet) in the twelve months to the day; withdrawn ones left out. */
  private async referrals(councils: string[], asAt: string): Promise<ReferralFact[]> {
    const rows = (await this.db.query(
      `SELECT council_code, age_band, needs, declines,
              (unmet_at IS NOT NULL OR outcome = 'unmet') AS unmet
         FROM market_referral
        WHERE council_code = ANY($1) AND outcome IS DISTINCT FROM 'withdrawn'
          AND COALESCE(opened_at, unmet_at, closed_at) >= $2::date - interval '12 months'
          AND COALESCE(opened_at, unmet_at, closed_at) < $2::date + 1`,
      [councils, asAt],
    )) as {
      council_code: string;
      age_band: string | null;
      needs: string[];
      declines: ReferralFact['declines'];
      unmet: boolean;
    }[];
    return rows.map((r) => ({
      councilCode: r.council_code,
      ageBand: r.age_band,
      needs: r.needs,
      unmet: r.unmet,
      declines: r.declines,
    }));
  }

  /** Placements current on the day, with the local authority of the home (from the registry's settings). */
  private async placements(councils: string[], asAt: string): Promise<PlacementFact[]> {
    const rows = (await this.db.query(
      `SELECT p.council_code, s.local_authority_code
         FROM market_placement p LEFT JOIN market_setting s ON s.urn = p.setting_urn
        WHERE p.council_code = ANY($1) AND p.start_date <= $2::date AND (p.end_date IS NULL OR p.end_date > $2::date)`,
      [councils, asAt],
    )) as { council_code: string; local_authority_code: string | null }[];
    return rows.map((r) => ({ councilCode: r.council_code, hostCode: r.local_authority_code }));
  }

  /** Weekly prices of the placements started by the day, by the home's placement type. */
  private async prices(councils: string[], asAt: string): Promise<PriceFact[]> {
    const rows = (await this.db.query(
      `SELECT COALESCE(s.placement_category, p.placement_category) AS category, p.weekly_cost_pence AS pence
         FROM market_placement p LEFT JOIN market_setting s ON s.urn = p.setting_urn
        WHERE p.council_code = ANY($1) AND p.start_date <= $2::date`,
      [councils, asAt],
    )) as { category: string; pence: number }[];
    return rows.map((r) => ({ placementCategory: r.category, weeklyCostPence: Number(r.pence) }));
  }

  /** The region's pooled series, twelve months ahead (never a council's own), or null until it can be forecast. */
  private async forecast(principal: Principal): Promise<ForecastFact | null> {
    const series = await this.forecasts.forecasts(principal, { horizon: 12 });
    const region = series.find((s) => s.scope === 'region');
    if (!region || region.status !== 'ok') return null;
    return { lastMonth: region.lastMonth, bands: region.forecast };
  }
}
