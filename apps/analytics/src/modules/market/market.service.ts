import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { hasCouncilRole, type Principal } from '@rcc/auth';
import { DECLINE_REASONS, NEED_FLAGS, PLACEMENT_CATEGORIES } from '@rcc/contracts';
import { SERVICE_CONFIG, InvalidInputError } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';
import { nonMemberCaller } from '../../platform/member-scope.js';
import type {
  BlockContractUtilisation,
  CategoryGap,
  PlacementLocality,
  PriceDistribution,
  ReasonCount,
  SufficiencyGaps,
  UnmetReferrals,
} from './dtos/market.model.js';
import { MarketScopeError } from './market.exception.js';
import { distribution } from './quantiles.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function tally(values: Iterable<string>, order?: readonly string[]): ReasonCount[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const keys = [...(order ?? []), ...[...counts.keys()].filter((k) => !order?.includes(k)).sort()];
  return keys.filter((k) => counts.has(k)).map((reason) => ({ reason, count: counts.get(reason)! }));
}

/**
 * Sufficiency gaps and the market (hub and councils only): declared supply against demand, where children are
 * placed, unmet referrals, block-bed utilisation and price distributions. Never shown to providers or the public.
 */
@Injectable()
export class MarketService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig,
  ) {}

  /** A member council may ask for the region (null) or itself; the hub for any member council. */
  scope(principal: Principal, council: string | undefined | null): string | null {
    const outsider = nonMemberCaller(principal, this.config);
    if (outsider) throw new MarketScopeError(outsider);
    if (council && !this.config.regionCouncils.includes(council))
      throw new InvalidInputError(`${council} is not a member council of this region`);
    if (hasCouncilRole(principal) && !principal.roles.includes('hub.commissioner')) {
      if (council && council !== principal.council)
        throw new MarketScopeError("a council sees regional aggregates and its own council's detail only");
    }
    return council ?? null;
  }

  private asAt(value: string | undefined | null): string {
    const asAt = value ?? new Date().toISOString().slice(0, 10);
    if (!DATE.test(asAt) || Number.isNaN(Date.parse(asAt))) throw new InvalidInputError('asAt must be YYYY-MM-DD');
    return asAt;
  }

  async gaps(council: string | null, asAtInput?: string | null): Promise<SufficiencyGaps> {
    const asAt = this.asAt(asAtInput);
    const councils = council ? [council] : this.config.regionCouncils;
    const cla = (await this.db.query(
      `SELECT cell->>'category' AS category, sum((cell->>'count')::int)::int AS n
         FROM (SELECT DISTINCT ON (council_code) cells FROM need_snapshot
                WHERE council_code = ANY($1) AND as_at <= $2 ORDER BY council_code, as_at DESC) latest,
              jsonb_array_elements(latest.cells) cell
        GROUP BY 1`,
      [councils, asAt],
    )) as { category: string; n: number }[];
    const referrals = (await this.db.query(
      `SELECT r.council_code, r.age_band, r.placement_category, r.needs, r.outcome, r.closed_at, r.unmet_at, r.opened_at
         FROM market_referral r WHERE r.council_code = ANY($1)`,
      [councils],
    )) as {
      age_band: string | null;
      placement_category: string | null;
      needs: string[];
      outcome: string | null;
      closed_at: Date | null;
      unmet_at: Date | null;
      opened_at: Date | null;
    }[];
    // Supply: in-date declarations, in the council's area when one council is asked for.
    const capacity = (await this.db.query(
      `SELECT placement_category, local_authority_code, vacancies, can_meet FROM market_capacity
        WHERE reason IN ('declared', 'placed') AND vacancies > 0 AND available_until >= $1::date AND declared_at::date <= $1::date
          AND ($2::text IS NULL OR local_authority_code = $2)`,
      [asAt, council],
    )) as { placement_category: string; local_authority_code: string | null; vacancies: number; can_meet: string[] }[];
    const block = (await this.db.query(
      `SELECT c.placement_category, c.beds,
              (SELECT count(*)::int FROM market_placement p WHERE p.contract_id = c.contract_id
                 AND p.start_date <= $1::date AND (p.end_date IS NULL OR p.end_date > $1::date)) AS occupied
         FROM market_contract c
        WHERE c.start_date <= $1::date AND c.end_date >= $1::date
          AND ($2::text IS NULL OR c.shares @> jsonb_build_array(jsonb_build_object('councilCode', $2::text)))`,
      [asAt, council],
    )) as { placement_category: string; beds: number; occupied: number }[];

    const day = new Date(`${asAt}T23:59:59.999Z`);
    const isOpen = (r: (typeof referrals)[number]) =>
      r.opened_at !== null && r.opened_at <= day && (r.closed_at === null || r.closed_at > day) && r.unmet_at === null;
    const isUnmet = (r: (typeof referrals)[number]) =>
      (r.unmet_at !== null && r.unmet_at <= day) ||
      (r.outcome === 'unmet' && r.closed_at !== null && r.closed_at <= day);
    const open = referrals.filter(isOpen);
    const unmet = referrals.filter(isUnmet);
    // A referral counts in the category its council marked preferred (else suitable): see referralCategory.
    const byCategory: CategoryGap[] = PLACEMENT_CATEGORIES.map((category) => {
      const vacancies = capacity.filter((c) => c.placement_category === category).reduce((s, c) => s + c.vacancies, 0);
      const beds = block.filter((b) => b.placement_category === category);
      const blockBeds = beds.reduce((s, b) => s + b.beds, 0);
      const vacantBlockBeds = beds.reduce((s, b) => s + Math.max(0, b.beds - b.occupied), 0);
      const openReferrals = open.filter((r) => r.placement_category === category).length;
      return {
        placementCategory: category,
        childrenLookedAfter: cla.find((c) => c.category === category)?.n ?? 0,
        openReferrals,
        unmetReferrals: unmet.filter((r) => r.placement_category === category).length,
        declaredVacancies: vacancies,
        blockBeds,
        vacantBlockBeds,
        shortfall: Math.max(0, openReferrals - vacancies - vacantBlockBeds),
      };
    });
    const all: CategoryGap = {
      placementCategory: 'all',
      childrenLookedAfter: byCategory.reduce((s, c) => s + c.childrenLookedAfter, 0),
      openReferrals: open.length,
      unmetReferrals: unmet.length,
      declaredVacancies: byCategory.reduce((s, c) => s + c.declaredVacancies, 0),
      blockBeds: byCategory.reduce((s, c) => s + c.blockBeds, 0),
      vacantBlockBeds: byCategory.reduce((s, c) => s + c.vacantBlockBeds, 0),
      shortfall: 0,
    };
    all.shortfall = Math.max(0, all.openReferrals - all.declaredVacancies - all.vacantBlockBeds);
    const byNeed = NEED_FLAGS.map((need) => ({
      need,
      openReferrals: open.filter((r) => r.needs.includes(need)).length,
      unmetReferrals: unmet.filter((r) => r.needs.includes(need)).length,
      vacanciesAbleToMeet: capacity.filter((c) => c.can_meet.includes(need)).reduce((s, c) => s + c.vacancies, 0),
    }));
    const localities = new Map<string, number>();
    for (const c of capacity) {
      const key = `${c.local_authority_code ?? 'unknown'}|${c.placement_category}`;
      localities.set(key, (localities.get(key) ?? 0) + c.vacancies);
    }
    return {
      asAt,
      council,
      byCategory: [...byCategory, all],
      byNeed,
      byLocality: [...localities.entries()].sort().map(([key, declaredVacancies]) => {
        const [localAuthorityCode, placementCategory] = key.split('|') as [string, string];
        return { localAuthorityCode, placementCategory, declaredVacancies };
      }),
    };
  }

  /** Current placements (started, not ended) against the setting's local authority in the registry. */
  async locality(council: string | null, asAtInput?: string | null): Promise<PlacementLocality> {
    const asAt = this.asAt(asAtInput);
    const rows = (await this.db.query(
      `SELECT p.council_code, s.local_authority_code
         FROM market_placement p LEFT JOIN market_setting s ON s.urn = p.setting_urn
        WHERE p.start_date <= $1::date AND (p.end_date IS NULL OR p.end_date > $1::date)`,
      [asAt],
    )) as { council_code: string; local_authority_code: string | null }[];
    const placing = (council ? [council] : this.config.regionCouncils).map((code) => {
      const mine = rows.filter((r) => r.council_code === code);
      return {
        councilCode: code,
        inArea: mine.filter((r) => r.local_authority_code === code).length,
        outOfArea: mine.filter((r) => r.local_authority_code !== null && r.local_authority_code !== code).length,
        unknownLocality: mine.filter((r) => r.local_authority_code === null).length,
      };
    });
    const hosts = (council ? [council] : this.config.regionCouncils).map((code) => {
      const here = rows.filter((r) => r.local_authority_code === code);
      return {
        localAuthorityCode: code,
        byOwnChildren: here.filter((r) => r.council_code === code).length,
        byOtherCouncils: here.filter((r) => r.council_code !== code).length,
      };
    });
    return { placingCouncils: placing, hostCouncils: hosts };
  }

  async unmet(council: string | null): Promise<UnmetReferrals> {
    const rows = (await this.db.query(
      `SELECT age_band, needs, declines, reasons FROM market_referral
        WHERE (unmet_at IS NOT NULL OR outcome = 'unmet') AND ($1::text IS NULL OR council_code = $1)`,
      [council],
    )) as {
      age_band: string | null;
      needs: string[];
      declines: { reason: string; count: number }[];
      reasons: string[];
    }[];
    const declines = new Map<string, number>();
    for (const r of rows) for (const d of r.declines) declines.set(d.reason, (declines.get(d.reason) ?? 0) + d.count);
    return {
      council,
      total: rows.length,
      declineReasons: DECLINE_REASONS.filter((d) => declines.has(d)).map((reason) => ({
        reason,
        count: declines.get(reason)!,
      })),
      councilReasons: tally(rows.flatMap((r) => r.reasons)),
      byAgeBand: tally(rows.map((r) => r.age_band ?? 'unknown')),
      byNeed: tally(
        rows.flatMap((r) => r.needs),
        NEED_FLAGS,
      ),
    };
  }

  /**
   * Weekly prices of placed referrals by placement category (through the setting's type in the registry) and route.
   * Councils see another council's prices only pooled over at least minCount placements.
   */
  async prices(principal: Principal, council: string | null): Promise<PriceDistribution[]> {
    const rows = (await this.db.query(
      `SELECT COALESCE(s.placement_category, p.placement_category, 'unknown') AS category, r.route,
              r.weekly_cost_pence AS pence, r.council_code
         FROM market_referral r
         LEFT JOIN market_setting s ON s.urn = r.setting_urn
         LEFT JOIN LATERAL (SELECT placement_category FROM market_placement mp
                             WHERE mp.setting_urn = r.setting_urn AND mp.council_code = r.council_code LIMIT 1) p ON true
        WHERE r.outcome = 'placed' AND r.weekly_cost_pence IS NOT NULL AND r.route IS NOT NULL
          AND ($1::text IS NULL OR r.council_code = $1)`,
      [council],
    )) as { category: string; route: string; pence: number; council_code: string }[];
    const groups = new Map<string, { pence: number[]; councils: Set<string> }>();
    for (const r of rows) {
      const key = `${r.category}|${r.route}`;
      const g = groups.get(key) ?? { pence: [], councils: new Set<string>() };
      g.pence.push(Number(r.pence));
      g.councils.add(r.council_code);
      groups.set(key, g);
    }
    const hub = principal.roles.includes('hub.commissioner');
    return [...groups.entries()].sort().map(([key, g]) => {
      const [placementCategory, route] = key.split('|') as [string, string];
      const othersIncluded = [...g.councils].some((c) => c !== principal.council);
      if (!hub && othersIncluded && g.pence.length < this.config.RCC_DISCLOSURE_MIN_COUNT) {
        return {
          placementCategory,
          route,
          n: g.pence.length,
          minPence: null,
          lowerQuartilePence: null,
          medianPence: null,
          upperQuartilePence: null,
          maxPence: null,
          withheld: `fewer than ${this.config.RCC_DISCLOSURE_MIN_COUNT} placements including other councils'`,
        };
      }
      return { placementCategory, route, ...distribution(g.pence), withheld: null };
    });
  }

  async utilisation(principal: Principal, requested: string | null): Promise<BlockContractUtilisation[]> {
    // A council sees only the contracts it takes part in, even in the regional view: a contract (its cost, its void
    // cost) that only another council shares is that council's business (issue 15).
    const council = principal.roles.includes('hub.commissioner') ? requested : (principal.council ?? null);
    if (council === null && !principal.roles.includes('hub.commissioner')) return [];
    const contracts = (await this.db.query(
      `SELECT c.contract_id, c.placement_category, c.beds, c.shares,
              count(p.period)::int AS periods, COALESCE(sum(p.bed_nights), 0)::int AS bed_nights,
              COALESCE(sum(p.occupied_bed_nights), 0)::int AS occupied, COALESCE(sum(p.void_bed_nights), 0)::int AS void,
              COALESCE(sum(p.cost_pence), 0)::bigint AS cost, COALESCE(sum(p.void_cost_pence), 0)::bigint AS void_cost,
              COALESCE(jsonb_agg(p.councils) FILTER (WHERE p.period IS NOT NULL), '[]') AS lines
         FROM market_contract c LEFT JOIN market_contract_period p ON p.contract_id = c.contract_id
        WHERE $1::text IS NULL OR c.shares @> jsonb_build_array(jsonb_build_object('councilCode', $1::text))
        GROUP BY c.contract_id ORDER BY c.start_date, c.contract_id`,
      [council],
    )) as {
      contract_id: string;
      placement_category: string;
      beds: number;
      periods: number;
      bed_nights: number;
      occupied: number;
      void: number;
      cost: string;
      void_cost: string;
      lines: { councilCode: string; [k: string]: number | string }[][];
    }[];
    const hub = principal.roles.includes('hub.commissioner');
    const fields = ['committedPence', 'occupiedPence', 'voidSharePence', 'rechargesInPence', 'rechargesOutPence'];
    return contracts.map((c) => {
      const perCouncil = new Map<string, Record<string, number>>();
      for (const line of c.lines.flat()) {
        const acc = perCouncil.get(line.councilCode) ?? Object.fromEntries(fields.map((f) => [f, 0]));
        for (const f of fields) acc[f]! += Number(line[f]);
        perCouncil.set(line.councilCode, acc);
      }
      return {
        contractId: c.contract_id,
        placementCategory: c.placement_category,
        beds: c.beds,
        periods: c.periods,
        bedNights: c.bed_nights,
        occupiedBedNights: c.occupied,
        voidBedNights: c.void,
        utilisation: c.bed_nights > 0 ? c.occupied / c.bed_nights : null,
        costPence: Number(c.cost),
        voidCostPence: Number(c.void_cost),
        councils: [...perCouncil.entries()]
          .filter(([code]) => hub || code === principal.council)
          .sort()
          .map(([councilCode, v]) => ({
            councilCode,
            committedPence: v['committedPence']!,
            occupiedPence: v['occupiedPence']!,
            voidSharePence: v['voidSharePence']!,
            rechargesInPence: v['rechargesInPence']!,
            rechargesOutPence: v['rechargesOutPence']!,
          })),
      };
    });
  }
}
