import { apportion, type AllocationMode, type ContractShare } from '../../domain/index.js';
import { TenderError } from './tenders.exception.js';

export interface ShareInput {
  councilCode: string;
  basisPoints?: number | null;
  beds?: number | null;
}

/**
 * Councils' agreed shares: either percentages (basis points summing to 10,000: pay for use, share the voids) or bed
 * allocations (each council holds beds; its basis points follow its beds by largest remainder, and another council
 * using its unused bed is recharged). One kind per agreement; every council a member of the region.
 */
export function normaliseShares(
  input: readonly ShareInput[],
  regionCouncils: readonly string[],
): { mode: AllocationMode; shares: ContractShare[] } {
  if (input.length === 0) throw new TenderError('SHARES_INVALID', 'at least one council must take part');
  const codes = input.map((s) => s.councilCode);
  if (new Set(codes).size !== codes.length) throw new TenderError('SHARES_INVALID', 'a council is listed twice');
  const outsiders = codes.filter((c) => !regionCouncils.includes(c));
  if (outsiders.length > 0)
    throw new TenderError('NOT_A_MEMBER_COUNCIL', `not member councils of this region: ${outsiders.join(', ')}`);
  const withBeds = input.filter((s) => s.beds !== null && s.beds !== undefined);
  const withBasis = input.filter((s) => s.basisPoints !== null && s.basisPoints !== undefined);
  if (withBeds.length === input.length && withBasis.length === 0) {
    const totalBeds = withBeds.reduce((a, s) => a + s.beds!, 0);
    if (totalBeds === 0) throw new TenderError('SHARES_INVALID', 'bed allocations must allocate at least one bed');
    const basis = apportion(
      10_000,
      input.map((s) => ({ key: s.councilCode, weight: s.beds! })),
    );
    return {
      mode: 'beds',
      shares: input.map((s) => ({ councilCode: s.councilCode, basisPoints: basis.get(s.councilCode)!, beds: s.beds! })),
    };
  }
  if (withBasis.length === input.length && withBeds.length === 0) {
    const sum = input.reduce((a, s) => a + s.basisPoints!, 0);
    if (sum !== 10_000)
      throw new TenderError('SHARES_INVALID', `shares sum to ${sum} basis points; they must sum to 10000 (100%)`);
    return {
      mode: 'shares',
      shares: input.map((s) => ({ councilCode: s.councilCode, basisPoints: s.basisPoints!, beds: null })),
    };
  }
  throw new TenderError('SHARES_INVALID', 'give every council either basisPoints or beds, not a mix');
}

/**
 * Bed allocations for a contract of `beds` beds from the agreed allocations (exact when the totals agree), with each
 * council's basis points derived again from the beds it ends up with, so beds and shares never disagree.
 */
export function allocateBeds(shares: readonly ContractShare[], beds: number): ContractShare[] {
  const split = apportion(
    beds,
    shares.map((s) => ({ key: s.councilCode, weight: s.beds ?? 0 })),
  );
  const basis = apportion(
    10_000,
    shares.map((s) => ({ key: s.councilCode, weight: split.get(s.councilCode)! })),
  );
  return shares.map((s) => ({ ...s, beds: split.get(s.councilCode)!, basisPoints: basis.get(s.councilCode)! }));
}
