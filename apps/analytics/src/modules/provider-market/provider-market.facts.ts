import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Principal } from '@rcc/auth';
import { ForecastsService } from '../forecasts/forecasts.service.js';
import type { ForecastFact, PlacementFact, PriceFact, protectMarket, ReferralFact } from './provider-market.protect.js';

/** The facts `protectMarket` protects. */
export type MarketFacts = Parameters<typeof protectMarket>[0];

/**
 * What the provider's market view is made from, as analytics holds it: the member councils' referrals, current
 * placements with the homes' local authorities, placement prices and the region's forecast. Unprotected: only
 * `protectMarket` (provider-market.protect.ts) may turn them into anything a provider sees.
 */
@Injectable()
export class ProviderMarketFacts {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forecasts: ForecastsService,
  ) {}

  /** The facts of the member `councils` on the day `asAt`. */
  async read(principal: Principal, councils: string[], asAt: string): Promise<MarketFacts> {
    const [referrals, placements, prices, forecast] = await Promise.all([
      this.referrals(councils, asAt),
      this.placements(councils, asAt),
      this.prices(councils, asAt),
      this.forecast(principal),
    ]);
    return { regionCouncils: councils, referrals, placements, prices, forecast };
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
