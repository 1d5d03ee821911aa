import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  closeContractPeriod,
  type ContractTerms,
  dayNumber,
  entryProblems,
  type VoidSharing,
} from '../../domain/index.js';
import { allocateBeds } from '../tenders/shares.js';

/** Issue 23, findings 4 and 7: beds and shares agree after award; who pays for a void bed is a term of the contract. */
const A = 'E10000028';
const B = 'E06000021';
const d = dayNumber;

const fiveBeds = (voidSharing: VoidSharing): ContractTerms => ({
  id: 'k1',
  beds: 5,
  weeklyPricePerBedPence: 700_000, // £1,000 a night
  startDay: d('2026-01-01'),
  endDay: d('2026-04-01'),
  mode: 'beds',
  shares: [
    { councilCode: A, basisPoints: 6000, beds: 3 },
    { councilCode: B, basisPoints: 4000, beds: 2 },
  ],
  voidSharing,
});

// A fills its 3 beds all January; B's 2 beds stand empty.
const aFull = [1, 2, 3].map((i) => ({ id: `p${i}`, councilCode: A, startDay: d('2026-01-01'), endDay: null }));

describe('void sharing, a stated term of each contract', () => {
  it('pooled by share: a council that fills its own beds still pays its share of the others’ voids', () => {
    const r = closeContractPeriod(fiveBeds('pooled-by-share'), '2026-01', aFull);
    const by = Object.fromEntries(r.councils.map((c) => [c.councilCode, c]));
    expect(r.voidCostPence).toBe(6_200_000); // 62 void bed-nights
    expect(by[A]!.voidSharePence).toBe(3_720_000); // 60%
    expect(by[B]!.voidSharePence).toBe(2_480_000); // 40%
    expect(entryProblems(r.lines)).toEqual([]);
  });

  it('own beds: each council pays for its own empty beds, so a full council pays no void', () => {
    const r = closeContractPeriod(fiveBeds('own-beds'), '2026-01', aFull);
    const by = Object.fromEntries(r.councils.map((c) => [c.councilCode, c]));
    expect(r.voidCostPence).toBe(6_200_000);
    expect(by[A]!.voidSharePence).toBe(0);
    expect(by[B]!.voidSharePence).toBe(6_200_000);
    expect(by[A]!.usedPence).toBe(9_300_000);
    expect(entryProblems(r.lines)).toEqual([]);
  });

  it('own beds: a bed lent to another council is not void; unallocated beds are pooled by share', () => {
    const terms: ContractTerms = {
      ...fiveBeds('own-beds'),
      beds: 6, // one bed nobody holds
    };
    // B uses its 2 beds and one of A's; A uses 1 of its beds: A has 1 own void bed, the pool bed is void.
    const placements = [
      { id: 'a1', councilCode: A, startDay: d('2026-01-01'), endDay: null },
      ...[1, 2, 3].map((i) => ({ id: `b${i}`, councilCode: B, startDay: d('2026-01-01'), endDay: null })),
    ];
    const r = closeContractPeriod(terms, '2026-01', placements);
    const by = Object.fromEntries(r.councils.map((c) => [c.councilCode, c]));
    expect(r.voidBedNights).toBe(62);
    expect(by[A]!.voidSharePence).toBe(3_100_000 + 1_860_000); // its own bed + 60% of the pool bed
    expect(by[B]!.voidSharePence).toBe(1_240_000); // 40% of the pool bed
    expect(by[B]!.rechargesOutPence).toBe(3_100_000);
  });

  it('keeps every month balanced and the void cost whole under either rule (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<VoidSharing>('pooled-by-share', 'own-beds'),
        fc.array(fc.record({ council: fc.constantFrom(A, B), start: fc.nat(40), len: fc.option(fc.nat(40)) }), {
          maxLength: 5,
        }),
        (rule, raw) => {
          const placements = raw.map((p, i) => ({
            id: `p${i}`,
            councilCode: p.council,
            startDay: d('2026-01-01') + p.start,
            endDay: p.len === null ? null : d('2026-01-01') + p.start + p.len + 1,
          }));
          for (const period of ['2026-01', '2026-02']) {
            const r = closeContractPeriod(fiveBeds(rule), period, placements);
            expect(entryProblems(r.lines)).toEqual([]);
            expect(r.councils.reduce((a, c) => a + c.voidSharePence, 0)).toBe(r.voidCostPence);
            expect(r.councils.reduce((a, c) => a + c.usedPence, 0) + r.voidCostPence).toBe(r.costPence);
          }
        },
      ),
      { numRuns: 300, seed: 20261205 },
    );
  });
});

describe('beds and shares at award', () => {
  it('derives each council’s share from the beds it ends up with (3/2 agreed, 4 beds awarded: 2/2 and 50/50)', () => {
    const agreed = [
      { councilCode: A, basisPoints: 6000, beds: 3 },
      { councilCode: B, basisPoints: 4000, beds: 2 },
    ];
    expect(allocateBeds(agreed, 4)).toEqual([
      { councilCode: A, basisPoints: 5000, beds: 2 },
      { councilCode: B, basisPoints: 5000, beds: 2 },
    ]);
    expect(allocateBeds(agreed, 5)).toEqual(agreed);
  });
});
