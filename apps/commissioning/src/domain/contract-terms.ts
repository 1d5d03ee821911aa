import {
  apportion,
  bedNightsCost,
  canonicalLines,
  periodDays,
  periodsBetween,
  type JournalLineDraft,
} from './ledger-math.js';

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
export function allocations(terms: ContractTerms): Map<string, number> {
  return new Map(terms.shares.map((s) => [s.councilCode, terms.mode === 'beds' ? (s.beds ?? 0) : 0]));
}

/** The contract's cost for the nights of `period` inside its term, and those nights. */
export function periodCost(terms: ContractTerms, period: string): { nights: number; costPence: number } {
  const { start, end } = periodDays(period);
  const nights = Math.max(0, Math.min(end, terms.endDay) - Math.max(start, terms.startDay));
  return { nights, costPence: bedNightsCost(terms.beds * nights, terms.weeklyPricePerBedPence) };
}

export const shareWeights = (terms: ContractTerms) =>
  terms.shares.map((s) => ({ key: s.councilCode, weight: s.basisPoints }));

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
