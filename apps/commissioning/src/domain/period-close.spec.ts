import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dayNumber, entryProblems, periodDays } from './ledger-math.js';
import {
  awardCommitment,
  closeContractPeriod,
  commitmentLines,
  marketSpend,
  periodCost,
  type BlockPlacement,
  type ContractTerms,
} from './index.js';

const A = 'E10000028';
const B = 'E06000021';
const d = dayNumber;

const twoBeds = (mode: 'beds' | 'shares'): ContractTerms => ({
  id: 'k1',
  beds: 2,
  weeklyPricePerBedPence: 700_000, // £7,000 a week: £1,000 a night
  startDay: d('2026-01-01'),
  endDay: d('2026-04-01'),
  mode,
  shares: [
    { councilCode: A, basisPoints: 5000, beds: 1 },
    { councilCode: B, basisPoints: 5000, beds: 1 },
  ],
});

describe('a month of a block contract', () => {
  it('charges occupied nights to the occupier and shares the voids by share', () => {
    // A fills its bed all January; B's bed is empty.
    const r = closeContractPeriod(twoBeds('beds'), '2026-01', [
      { id: 'p1', councilCode: A, startDay: d('2026-01-01'), endDay: null },
    ]);
    expect(r).toMatchObject({ bedNights: 62, occupiedBedNights: 31, voidBedNights: 31, costPence: 6_200_000 });
    expect(r.voidCostPence).toBe(3_100_000);
    const [a, b] = r.councils;
    expect(a).toMatchObject({ councilCode: B, usedPence: 0, voidSharePence: 1_550_000, committedPence: 3_100_000 });
    expect(b).toMatchObject({ councilCode: A, usedPence: 3_100_000, voidSharePence: 1_550_000 });
    expect(entryProblems(r.lines)).toEqual([]);
  });

  it('recharges a council that uses another council’s unused allocated bed at the contract rate', () => {
    // A has no child in February; B has two children from 10 February: one in its own bed, one in A's.
    const r = closeContractPeriod(twoBeds('beds'), '2026-02', [
      { id: 'p1', councilCode: B, startDay: d('2026-02-10'), endDay: null },
      { id: 'p2', councilCode: B, startDay: d('2026-02-10'), endDay: null },
    ]);
    const byCode = Object.fromEntries(r.councils.map((c) => [c.councilCode, c]));
    expect(r.occupiedBedNights).toBe(38); // 19 nights x 2
    expect(byCode[A]).toMatchObject({ lentBedNights: 19, rechargesInPence: 1_900_000, usedPence: 1_900_000 });
    expect(byCode[B]).toMatchObject({ borrowedBedNights: 19, rechargesOutPence: 1_900_000, usedPence: 1_900_000 });
    expect(r.voidCostPence).toBe(1_800_000); // 18 void bed-nights
    expect(entryProblems(r.lines)).toEqual([]);
  });

  it('has no recharges when shares are percentages (pay for use, share the voids)', () => {
    const r = closeContractPeriod(twoBeds('shares'), '2026-02', [
      { id: 'p1', councilCode: B, startDay: d('2026-02-10'), endDay: null },
      { id: 'p2', councilCode: B, startDay: d('2026-02-10'), endDay: null },
    ]);
    expect(r.councils.every((c) => c.rechargesInPence === 0 && c.rechargesOutPence === 0)).toBe(true);
    expect(r.councils.find((c) => c.councilCode === B)!.usedPence).toBe(3_800_000);
  });

  it('refuses more children than beds on a night', () => {
    expect(() =>
      closeContractPeriod(twoBeds('beds'), '2026-01', [
        { id: 'p1', councilCode: A, startDay: d('2026-01-01'), endDay: null },
        { id: 'p2', councilCode: A, startDay: d('2026-01-01'), endDay: null },
        { id: 'p3', councilCode: B, startDay: d('2026-01-31'), endDay: null },
      ]),
    ).toThrow('3 children in 2 beds on the night of 2026-01-31');
  });

  it('commits exactly what the monthly closes will release', () => {
    const terms = twoBeds('beds');
    const { totalPence, byCouncil } = awardCommitment(terms);
    expect(totalPence).toBe(2 * 90 * 100_000);
    expect([...byCouncil.values()].reduce((a, b) => a + b, 0)).toBe(totalPence);
    expect(entryProblems(commitmentLines(terms))).toEqual([]);
  });
});

describe('block contract periods (property)', () => {
  const codes = ['E06000001', 'E06000002', 'E08000003', 'E10000004'];
  const arbContract = fc
    .record({
      beds: fc.integer({ min: 1, max: 6 }),
      weekly: fc.integer({ min: 1, max: 2_000_000 }),
      n: fc.integer({ min: 1, max: 4 }),
      bp: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }),
      mode: fc.constantFrom<'beds' | 'shares'>('beds', 'shares'),
      startOffset: fc.integer({ min: 0, max: 40 }),
      length: fc.integer({ min: 1, max: 120 }),
    })
    .map(({ beds, weekly, n, bp, mode, startOffset, length }): ContractTerms => {
      const weights = bp.slice(0, n).map((w) => w + 1);
      const sum = weights.reduce((a, b) => a + b, 0);
      const basis = weights.map((w) => Math.floor((w * 10_000) / sum));
      basis[0]! += 10_000 - basis.reduce((a, b) => a + b, 0);
      const alloc = weights.map((w) => Math.floor((w * beds) / sum));
      alloc[0]! += beds - alloc.reduce((a, b) => a + b, 0);
      const start = d('2026-01-01') + startOffset;
      return {
        id: 'k',
        beds,
        weeklyPricePerBedPence: weekly,
        startDay: start,
        endDay: start + length,
        mode,
        shares: codes.slice(0, n).map((c, i) => ({ councilCode: c, basisPoints: basis[i]!, beds: alloc[i]! })),
      };
    });

  it('balances, conserves bed-nights and money, and keeps every share within a penny', () => {
    fc.assert(
      fc.property(
        arbContract,
        fc.array(
          fc.record({ council: fc.nat(3), start: fc.integer({ min: 0, max: 70 }), len: fc.option(fc.nat(60)) }),
          { maxLength: 12 },
        ),
        fc.constantFrom('2026-01', '2026-02', '2026-03'),
        (terms, raw, period) => {
          // Admit placements in order only while a bed is free every night (as the consumer does).
          const placements: BlockPlacement[] = [];
          const base = d('2026-01-01');
          for (const [i, p] of raw.entries()) {
            const candidate: BlockPlacement = {
              id: `p${i}`,
              councilCode: terms.shares[p.council % terms.shares.length]!.councilCode,
              startDay: base + p.start,
              endDay: p.len === null ? null : base + p.start + p.len + 1,
            };
            const all = [...placements, candidate];
            const fits = [...Array(200).keys()].every(
              (k) =>
                all.filter((q) => q.startDay <= base + k && (q.endDay === null || base + k < q.endDay)).length <=
                terms.beds,
            );
            if (fits) placements.push(candidate);
          }
          const r = closeContractPeriod(terms, period, placements);
          expect(entryProblems(r.lines).filter((p) => !p.startsWith('an entry needs'))).toEqual([]);
          expect(r.occupiedBedNights + r.voidBedNights).toBe(r.bedNights);
          expect(r.costPence).toBe(periodCost(terms, period).costPence);
          const sum = (f: (c: (typeof r.councils)[number]) => number) => r.councils.reduce((a, c) => a + f(c), 0);
          expect(sum((c) => c.usedPence) + r.voidCostPence).toBe(r.costPence);
          expect(sum((c) => c.voidSharePence)).toBe(r.voidCostPence);
          expect(sum((c) => c.committedPence)).toBe(r.costPence);
          expect(sum((c) => c.rechargesInPence)).toBe(sum((c) => c.rechargesOutPence));
          expect(sum((c) => c.occupiedBedNights)).toBe(r.occupiedBedNights);
          expect(sum((c) => c.usedPence + c.voidSharePence + c.rechargesOutPence - c.rechargesInPence)).toBe(
            r.costPence,
          );
          for (const c of r.councils) {
            const bp = terms.shares.find((s) => s.councilCode === c.councilCode)!.basisPoints;
            expect(Math.abs(c.voidSharePence - (r.voidCostPence * bp) / 10_000)).toBeLessThan(1 + 1e-9);
          }
          // Independent count of occupied bed-nights from the placements themselves.
          const { start, end } = periodDays(period);
          let nights = 0;
          for (let n = Math.max(start, terms.startDay); n < Math.min(end, terms.endDay); n++)
            nights += placements.filter((q) => q.startDay <= n && (q.endDay === null || n < q.endDay)).length;
          expect(r.occupiedBedNights).toBe(nights);
        },
      ),
      { numRuns: 300, seed: SEED },
    );
  });
});

describe('market spend', () => {
  it('costs each placement’s nights in the month at its own weekly cost', () => {
    const spend = marketSpend('2026-02', [
      { id: 's1', councilCode: A, route: 'spot', weeklyCostPence: 700_000, startDay: d('2026-01-20'), endDay: null },
      {
        id: 's2',
        councilCode: A,
        route: 'spot',
        weeklyCostPence: 70_000,
        startDay: d('2026-02-27'),
        endDay: d('2026-03-05'),
      },
      {
        id: 'f1',
        councilCode: B,
        route: 'framework-call-off',
        weeklyCostPence: 7,
        startDay: d('2026-03-01'),
        endDay: null,
      },
    ]);
    expect(spend).toEqual([{ councilCode: A, route: 'spot', placements: 2, bedNights: 30, spendPence: 2_820_000 }]);
  });
});

const SEED = 20261123;
