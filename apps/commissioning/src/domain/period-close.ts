import { apportion, canonicalLines, isoDate, periodDays } from './ledger-math.js';
import {
  accounts,
  allocations,
  CapacityExceededError,
  periodCost,
  shareWeights,
  type BedOffer,
  type BlockPlacement,
  type ContractPeriod,
  type ContractTerms,
  type CouncilPeriod,
  type LedgerLine,
} from './contract-terms.js';

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
