import {
  protectCount,
  protectTable,
  roundCount,
  type DisclosureOptions,
  type ProtectedTable,
  type PublishedValue,
} from '@rcc/disclosure';
import { AGE_BANDS, DECLINE_REASONS, NEED_FLAGS, PLACEMENT_CATEGORIES } from '@rcc/contracts';
import { distribution } from '../market/quantiles.js';

/** A referral as analytics holds it (no child, no council reference: age band, needs, outcome). */
export interface ReferralFact {
  councilCode: string;
  ageBand: string | null;
  needs: string[];
  /** Unmet: no offer in the window, or closed unmet. */
  unmet: boolean;
  declines: { reason: string; count: number }[];
}

/** A current placement: the placing council and where the home is (the setting's local authority). */
export interface PlacementFact {
  councilCode: string;
  hostCode: string | null;
}

/** A placement's weekly price by its type. */
export interface PriceFact {
  placementCategory: string;
  weeklyCostPence: number;
}

export interface ForecastFact {
  lastMonth: string | null;
  bands: { month: string; point: number; lower80: number; upper80: number }[];
}

export interface ProtectedPrice {
  placementCategory: string;
  placements: PublishedValue;
  /** Null when fewer placements than the threshold: a quartile of a handful would be one home's price. */
  quartiles: { lowerQuartilePence: number; medianPence: number; upperQuartilePence: number } | null;
}

export interface ProtectedForecast {
  lastMonth: string | null;
  roundedTo: number;
  months: { month: string; point: PublishedValue; lower80: PublishedValue; upper80: PublishedValue }[];
}

export interface ProtectedMarket {
  /** Referrals by need: placed or still open, and unmet (rows: needs; a referral can have several). */
  demandByNeed: ProtectedTable;
  /** Unmet referrals by placing council (area) and age band. */
  unmetByAreaAndAge: ProtectedTable;
  /** Provider declines on unmet referrals, by reason. */
  declinesByReason: ProtectedTable;
  /** Current placements by placing council and where the home is: its own area, another member's, elsewhere. */
  placementFlows: ProtectedTable;
  prices: ProtectedPrice[];
  forecast: ProtectedForecast | null;
}

export const OWN_AREA = 'own-area';
export const OUTSIDE_REGION = 'outside-region';
export const AREA_NOT_KNOWN = 'not-known';
export const FORECAST_ROUNDING = 10;

type Tally = Map<string, Map<string, number>>;

function add(t: Tally, row: string, col: string, n = 1): void {
  const r = t.get(row) ?? new Map<string, number>();
  r.set(col, (r.get(col) ?? 0) + n);
  t.set(row, r);
}

/** Protects a tally as one table with its margins (primary, secondary and line-sum suppression: libs/disclosure). */
function protect(t: Tally, rowKeys: string[], colKeys: string[], options: DisclosureOptions): ProtectedTable {
  const counts = rowKeys.map((r) => colKeys.map((c) => t.get(r)?.get(c) ?? 0));
  return protectTable({ rowKeys, colKeys, counts }, options);
}

/** Keys in the vocabulary's order, then any others seen (sorted), so a new code is shown rather than dropped. */
function ordered(order: readonly string[], seen: Iterable<string>): string[] {
  const extra = [...new Set(seen)].filter((k) => !order.includes(k)).sort();
  return [...order, ...extra];
}

/**
 * What a provider may see of the region's market, every figure through the disclosure-control library: counts in
 * tables protected with their margins, prices only over enough placements, the forecast rounded (docs/adr/0057).
 */
export function protectMarket(
  input: {
    regionCouncils: string[];
    referrals: ReferralFact[];
    placements: PlacementFact[];
    prices: PriceFact[];
    forecast: ForecastFact | null;
  },
  options: DisclosureOptions,
): ProtectedMarket {
  const members = input.regionCouncils;
  const referrals = input.referrals.filter((r) => members.includes(r.councilCode));

  const byNeed: Tally = new Map();
  for (const r of referrals) for (const need of r.needs) add(byNeed, need, r.unmet ? 'unmet' : 'placed-or-open');
  const needs = ordered(
    NEED_FLAGS,
    referrals.flatMap((r) => r.needs),
  );

  const unmet = referrals.filter((r) => r.unmet);
  const byAreaAndAge: Tally = new Map();
  for (const r of unmet) add(byAreaAndAge, r.councilCode, r.ageBand ?? 'unknown');
  const ages = ordered(
    AGE_BANDS,
    unmet.map((r) => r.ageBand ?? 'unknown'),
  );

  const declines: Tally = new Map();
  for (const r of unmet) for (const d of r.declines) add(declines, d.reason, 'declines', d.count);
  const reasons = ordered(
    DECLINE_REASONS,
    unmet.flatMap((r) => r.declines.map((d) => d.reason)),
  );

  const flows: Tally = new Map();
  for (const p of input.placements) {
    if (!members.includes(p.councilCode)) continue;
    const where =
      p.hostCode === null
        ? AREA_NOT_KNOWN
        : p.hostCode === p.councilCode
          ? OWN_AREA
          : members.includes(p.hostCode)
            ? p.hostCode
            : OUTSIDE_REGION;
    add(flows, p.councilCode, where);
  }
  const unknownSeen = input.placements.some((p) => p.hostCode === null && members.includes(p.councilCode));
  const flowCols = [OWN_AREA, ...members, OUTSIDE_REGION, ...(unknownSeen ? [AREA_NOT_KNOWN] : [])];

  return {
    demandByNeed: protect(byNeed, needs, ['placed-or-open', 'unmet'], options),
    unmetByAreaAndAge: protect(byAreaAndAge, members, ages, options),
    declinesByReason: protect(declines, reasons, ['declines'], options),
    placementFlows: protect(flows, members, flowCols, options),
    prices: protectPrices(input.prices, options),
    forecast: input.forecast ? protectForecast(input.forecast) : null,
  };
}

/** Quartiles per placement type, pooled over the region; withheld below the threshold (the count itself is `c`). */
export function protectPrices(prices: PriceFact[], options: DisclosureOptions): ProtectedPrice[] {
  const categories = ordered(
    PLACEMENT_CATEGORIES,
    prices.map((p) => p.placementCategory),
  );
  return categories
    .map((placementCategory) => {
      const pence = prices.filter((p) => p.placementCategory === placementCategory).map((p) => p.weeklyCostPence);
      const placements = protectCount(pence.length, options);
      if (pence.length === 0 || placements.kind === 'marker') return { placementCategory, placements, quartiles: null };
      const d = distribution(pence);
      return {
        placementCategory,
        placements,
        quartiles: {
          lowerQuartilePence: d.lowerQuartilePence,
          medianPence: d.medianPence,
          upperQuartilePence: d.upperQuartilePence,
        },
      };
    })
    .filter((p) => p.placements.kind === 'marker' || p.placements.value > 0);
}

/** The region's forecast with its 80% interval, each figure rounded to the nearest 10 (never the exact series). */
export function protectForecast(f: ForecastFact): ProtectedForecast {
  const round = (x: number) => roundCount(Math.max(0, Math.round(x)), FORECAST_ROUNDING);
  return {
    lastMonth: f.lastMonth,
    roundedTo: FORECAST_ROUNDING,
    months: f.bands.map((b) => ({
      month: b.month,
      point: round(b.point),
      lower80: round(b.lower80),
      upper80: round(b.upper80),
    })),
  };
}
