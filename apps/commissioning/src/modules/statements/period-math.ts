import {
  apportion,
  bedNightsCost,
  canonicalLines,
  isoDate,
  periodDays,
  periodsBetween,
  type JournalLineDraft,
} from '../ledger/ledger-math.js';

/**
 * How a month of a block contract becomes money (docs/adr/0016). Pure: the period-close service feeds it rows and
 * posts what it returns; the property tests feed it random histories.
 */

export type AllocationMode = 'beds' | 'shares';

/**
 * Who pays for a void bed, a stated term of each contract (docs/adr/0040): `pooled-by-share` splits every void over
 * the councils by basis points; `own-beds` (bed allocations only) charges each council the voids of its own allocated
 * beds, and only beds nobody holds are pooled by share.
 */
export const VOID_SHARING_RULES = ['pooled-by-share', 'own-beds'] as const;
export type VoidSharing = (typeof VOID_SHARING_RULES)[number];

export interface ContractShare {
  councilCode: string;
  basisPoints: number;
  /** Allocated beds (mode `beds`). */
  beds?: number | null;
}

export interface ContractTerms {
  id: string;
  beds: number;
  weeklyPricePerBedPence: number;
  /** First night paid for (day number). */
  startDay: number;
  /** First night no longer paid for (exclusive). */
  endDay: number;
  mode: AllocationMode;
  shares: readonly ContractShare[];
  /** Absent means `pooled-by-share`. */
  voidSharing?: VoidSharing;
}

export interface BlockPlacement {
  id: string;
  councilCode: string;
  startDay: number;
  /** First night no longer occupied (the end date); null while the child is still there. */
  endDay: number | null;
}

/** A council's offer of its unused allocated beds to other members for [fromDay, toDay). */
export interface BedOffer {
  councilCode: string;
  fromDay: number;
  toDay: number;
}

export type LineKind =
  'commitment' | 'used' | 'void' | 'recharge-in' | 'recharge-out' | 'payable' | 'spend' | 'market-payable';

export interface LedgerLine extends JournalLineDraft {
  kind: LineKind;
  councilCode: string | null;
  contractId: string | null;
  route: string | null;
}

export interface CouncilPeriod {
  councilCode: string;
  committedPence: number;
  occupiedBedNights: number;
  /** Bed-nights of this council's allocation used by other councils. */
  lentBedNights: number;
  /** Bed-nights this council used in other councils' allocations. */
  borrowedBedNights: number;
  /** Cost of the occupied bed-nights in this council's allocation (its own and those it lent). */
  usedPence: number;
  voidSharePence: number;
  rechargesInPence: number;
  rechargesOutPence: number;
}

export interface ContractPeriod {
  contractId: string;
  period: string;
  bedNights: number;
  occupiedBedNights: number;
  voidBedNights: number;
  costPence: number;
  voidCostPence: number;
  councils: CouncilPeriod[];
  lines: LedgerLine[];
}

export class CapacityExceededError extends RangeError {
  constructor(
    readonly contractId: string,
    readonly night: string,
    readonly occupied: number,
    readonly beds: number,
  ) {
    super(`contract ${contractId} has ${occupied} children in ${beds} beds on the night of ${night}`);
    this.name = 'CapacityExceededError';
  }
}

export const accounts = {
  councilCommitment: (c: string) => `council:${c}:commitment`,
  contractCommitment: (k: string) => `contract:${k}:commitment`,
  councilUsed: (c: string) => `council:${c}:block-used`,
  councilVoid: (c: string) => `council:${c}:block-void`,
  councilRechargeIn: (c: string) => `council:${c}:recharge-in`,
  councilRechargeOut: (c: string) => `council:${c}:recharge-out`,
  contractPayable: (k: string) => `contract:${k}:payable`,
  councilSpend: (c: string, route: string) => `council:${c}:spend:${route}`,
  marketPayable: (route: string) => `market:${route}:payable`,
};

/** Allocated beds per council: as agreed (mode `beds`), or none (mode `shares`: pay for use, share the voids). */
function allocations(terms: ContractTerms): Map<string, number> {
  return new Map(terms.shares.map((s) => [s.councilCode, terms.mode === 'beds' ? (s.beds ?? 0) : 0]));
}

/** The contract's cost for the nights of `period` inside its term, and those nights. */
export function periodCost(terms: ContractTerms, period: string): { nights: number; costPence: number } {
  const { start, end } = periodDays(period);
  const nights = Math.max(0, Math.min(end, terms.endDay) - Math.max(start, terms.startDay));
  return { nights, costPence: bedNightsCost(terms.beds * nights, terms.weeklyPricePerBedPence) };
}

const shareWeights = (terms: ContractTerms) => terms.shares.map((s) => ({ key: s.councilCode, weight: s.basisPoints }));

/**
 * The commitment at award: every month of the term costed as period close will cost it, apportioned by share the
 * same way, so the releases at period close bring each commitment account back to exactly zero at the end.
 */
export function awardCommitment(terms: ContractTerms): { totalPence: number; byCouncil: Map<string, number> } {
  const byCouncil = new Map<string, number>(terms.shares.map((s) => [s.councilCode, 0]));
  let totalPence = 0;
  for (const period of periodsBetween(terms.startDay, terms.endDay)) {
    const { costPence } = periodCost(terms, period);
    totalPence += costPence;
    for (const [c, p] of apportion(costPence, shareWeights(terms))) byCouncil.set(c, (byCouncil.get(c) ?? 0) + p);
  }
  return { totalPence, byCouncil };
}

export function commitmentLines(terms: ContractTerms): LedgerLine[] {
  const { totalPence, byCouncil } = awardCommitment(terms);
  const base = { contractId: terms.id, route: 'block' };
  return canonicalLines<LedgerLine>([
    ...[...byCouncil].map(([c, p]) => ({
      ...base,
      account: accounts.councilCommitment(c),
      amountPence: p,
      kind: 'commitment' as const,
      councilCode: c,
    })),
    {
      ...base,
      account: accounts.contractCommitment(terms.id),
      amountPence: -totalPence,
      kind: 'commitment',
      councilCode: null,
    },
  ]);
}

/**
 * One month of a block contract. Each night: every council's children in the contract's beds; those beyond its own
 * allocation sit in another council's unused allocated beds (councils offering their beds first, then by ONS code)
 * and are recharged at the contract rate; beds nobody used are void. The month's cost is split over those bed-night
 * categories by largest remainder, the void cost over the councils by share, the commitment released by share.
 */
export function closeContractPeriod(
  terms: ContractTerms,
  period: string,
  placements: readonly BlockPlacement[],
  offers: readonly BedOffer[] = [],
): ContractPeriod {
  const { start, end } = periodDays(period);
  const from = Math.max(start, terms.startDay);
  const to = Math.min(end, terms.endDay);
  const { costPence } = periodCost(terms, period);
  const councils = [...terms.shares.map((s) => s.councilCode)].sort();
  const allocated = allocations(terms);
  const counts = new Map<string, number>(); // `owner|user` -> bed-nights
  const occupied = new Map<string, number>(councils.map((c) => [c, 0]));
  const ownVoids = terms.mode === 'beds' && terms.voidSharing === 'own-beds';
  const voids = new Map<string, number>(); // `void|<council>` (own-beds) or `void|pool` -> bed-nights
  const addVoid = (key: string, n: number) => n > 0 && voids.set(key, (voids.get(key) ?? 0) + n);
  let voidNights = 0;
  let bedNights = 0;
  for (let night = from; night < to; night++) {
    bedNights += terms.beds;
    const here = new Map<string, number>(councils.map((c) => [c, 0]));
    for (const p of placements) {
      if (p.startDay <= night && (p.endDay === null || night < p.endDay)) {
        if (!here.has(p.councilCode)) throw new RangeError(`${p.councilCode} is not a party to contract ${terms.id}`);
        here.set(p.councilCode, here.get(p.councilCode)! + 1);
      }
    }
    const total = [...here.values()].reduce((a, b) => a + b, 0);
    if (total > terms.beds) throw new CapacityExceededError(terms.id, isoDate(night), total, terms.beds);
    voidNights += terms.beds - total;
    const spare = new Map<string, number>();
    const excess: [string, number][] = [];
    for (const c of councils) {
      const n = here.get(c)!;
      occupied.set(c, occupied.get(c)! + n);
      if (terms.mode === 'shares') {
        if (n > 0) counts.set(`${c}|${c}`, (counts.get(`${c}|${c}`) ?? 0) + n);
        continue;
      }
      const own = Math.min(n, allocated.get(c)!);
      if (own > 0) counts.set(`${c}|${c}`, (counts.get(`${c}|${c}`) ?? 0) + own);
      spare.set(c, allocated.get(c)! - own);
      if (n > own) excess.push([c, n - own]);
    }
    if (excess.length === 0) {
      if (ownVoids) chargeOwnVoids(terms.beds - total, spare, addVoid);
      else addVoid('void|pool', terms.beds - total);
      continue;
    }
    const offering = (c: string) => offers.some((o) => o.councilCode === c && o.fromDay <= night && night < o.toDay);
    const lenders = councils.filter((c) => spare.get(c)! > 0).sort((a, b) => Number(offering(b)) - Number(offering(a)));
    for (const [user, need] of excess) {
      let left = need;
      for (const owner of lenders) {
        if (left === 0) break;
        const take = Math.min(left, spare.get(owner)!);
        if (take === 0) continue;
        spare.set(owner, spare.get(owner)! - take);
        counts.set(`${owner}|${user}`, (counts.get(`${owner}|${user}`) ?? 0) + take);
        left -= take;
      }
      // Unallocated beds (allocations summing to fewer beds than the contract) are the pool's: no recharge.
      if (left > 0) counts.set(`pool|${user}`, (counts.get(`pool|${user}`) ?? 0) + left);
    }
    if (ownVoids) chargeOwnVoids(terms.beds - total, spare, addVoid);
    else addVoid('void|pool', terms.beds - total);
  }
  if (terms.mode === 'shares' || !ownVoids) voids.set('void|pool', voidNights);
  const categories = [...counts].map(([key, weight]) => ({ key, weight }));
  for (const [key, weight] of voids) categories.push({ key, weight });
  const split = bedNights === 0 ? new Map<string, number>() : apportion(costPence, categories);
  const poolVoidPence = split.get('void|pool') ?? 0;
  const voidCostPence = [...voids.keys()].reduce((a, k) => a + (split.get(k) ?? 0), 0);
  const voidShares = apportion(poolVoidPence, shareWeights(terms));
  for (const c of councils) voidShares.set(c, (voidShares.get(c) ?? 0) + (split.get(`void|${c}`) ?? 0));
  const committed = apportion(costPence, shareWeights(terms));
  const result = new Map<string, CouncilPeriod>(
    councils.map((c) => [
      c,
      {
        councilCode: c,
        committedPence: committed.get(c) ?? 0,
        occupiedBedNights: occupied.get(c)!,
        lentBedNights: 0,
        borrowedBedNights: 0,
        usedPence: 0,
        voidSharePence: voidShares.get(c) ?? 0,
        rechargesInPence: 0,
        rechargesOutPence: 0,
      },
    ]),
  );
  for (const [key, nights] of counts) {
    const [owner, user] = key.split('|') as [string, string];
    const amount = split.get(key) ?? 0;
    const u = result.get(user)!;
    if (owner === 'pool') {
      u.usedPence += amount;
      continue;
    }
    const o = result.get(owner)!;
    o.usedPence += amount;
    if (owner !== user) {
      o.lentBedNights += nights;
      o.rechargesInPence += amount;
      u.borrowedBedNights += nights;
      u.rechargesOutPence += amount;
    }
  }
  const base = { contractId: terms.id, route: 'block' };
  const lines: LedgerLine[] = [];
  for (const c of result.values()) {
    const code = c.councilCode;
    lines.push(
      {
        ...base,
        kind: 'commitment',
        councilCode: code,
        account: accounts.councilCommitment(code),
        amountPence: -c.committedPence,
      },
      { ...base, kind: 'used', councilCode: code, account: accounts.councilUsed(code), amountPence: c.usedPence },
      { ...base, kind: 'void', councilCode: code, account: accounts.councilVoid(code), amountPence: c.voidSharePence },
      {
        ...base,
        kind: 'recharge-in',
        councilCode: code,
        account: accounts.councilRechargeIn(code),
        amountPence: -c.rechargesInPence,
      },
      {
        ...base,
        kind: 'recharge-out',
        councilCode: code,
        account: accounts.councilRechargeOut(code),
        amountPence: c.rechargesOutPence,
      },
    );
  }
  lines.push(
    {
      ...base,
      kind: 'commitment',
      councilCode: null,
      account: accounts.contractCommitment(terms.id),
      amountPence: costPence,
    },
    {
      ...base,
      kind: 'payable',
      councilCode: null,
      account: accounts.contractPayable(terms.id),
      amountPence: -costPence,
    },
  );
  return {
    contractId: terms.id,
    period,
    bedNights,
    occupiedBedNights: bedNights - voidNights,
    voidBedNights: voidNights,
    costPence,
    voidCostPence,
    councils: [...result.values()],
    lines: canonicalLines(lines),
  };
}

/** A night's void beds under `own-beds`: each council's unused allocated beds are its own; the rest are pooled. */
function chargeOwnVoids(
  voidBeds: number,
  spare: ReadonlyMap<string, number>,
  addVoid: (key: string, n: number) => unknown,
): void {
  let own = 0;
  for (const [c, n] of spare) {
    addVoid(`void|${c}`, n);
    own += n;
  }
  addVoid('void|pool', voidBeds - own);
}

export interface MarketPlacement {
  id: string;
  councilCode: string;
  route: string;
  weeklyCostPence: number;
  startDay: number;
  endDay: number | null;
}

export interface SpendLine {
  councilCode: string;
  route: string;
  placements: number;
  bedNights: number;
  spendPence: number;
}

/**
 * Spot, framework, DPS and in-house placements in a month: each placement's nights in the month at its own weekly
 * cost (rounded per placement), summed per council and route, so block and non-block spend are comparable.
 */
export function marketSpend(period: string, placements: readonly MarketPlacement[]): SpendLine[] {
  const { start, end } = periodDays(period);
  const byKey = new Map<string, SpendLine>();
  for (const p of placements) {
    const nights = Math.max(0, Math.min(end, p.endDay ?? end) - Math.max(start, p.startDay));
    if (nights === 0) continue;
    const key = `${p.councilCode}|${p.route}`;
    const line = byKey.get(key) ?? {
      councilCode: p.councilCode,
      route: p.route,
      placements: 0,
      bedNights: 0,
      spendPence: 0,
    };
    line.placements += 1;
    line.bedNights += nights;
    line.spendPence += bedNightsCost(nights, p.weeklyCostPence);
    byKey.set(key, line);
  }
  return [...byKey.values()].sort((a, b) =>
    a.councilCode === b.councilCode ? a.route.localeCompare(b.route) : a.councilCode.localeCompare(b.councilCode),
  );
}

export function spendLines(spend: readonly SpendLine[]): LedgerLine[] {
  return canonicalLines<LedgerLine>(
    spend.flatMap((s) => [
      {
        kind: 'spend' as const,
        councilCode: s.councilCode,
        contractId: null,
        route: s.route,
        account: accounts.councilSpend(s.councilCode, s.route),
        amountPence: s.spendPence,
      },
      {
        kind: 'market-payable' as const,
        councilCode: null,
        contractId: null,
        route: s.route,
        account: accounts.marketPayable(s.route),
        amountPence: -s.spendPence,
      },
    ]),
  );
}
