import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  apportion,
  bedNightsCost,
  canonicalLines,
  dayNumber,
  entryProblems,
  isoDate,
  periodDays,
  periodsBetween,
} from './ledger-math.js';

const SEED = 20261123;

describe('apportion (largest remainder)', () => {
  it('splits 100p three ways as 34/33/33 with the spare penny to the smallest key on a tie', () => {
    const parts = apportion(100, [
      { key: 'b', weight: 1 },
      { key: 'a', weight: 1 },
      { key: 'c', weight: 1 },
    ]);
    expect(Object.fromEntries(parts)).toEqual({ a: 34, b: 33, c: 33 });
  });

  it('gives the spare pence to the largest remainders, not the largest weights', () => {
    // exact: 6000 * 3333/10000 = 1999.8, 6000 * 3334/10000 = 2000.4, 6000 * 3333/10000 = 1999.8
    const parts = apportion(6000, [
      { key: 'x', weight: 3333 },
      { key: 'y', weight: 3334 },
      { key: 'z', weight: 3333 },
    ]);
    expect(Object.fromEntries(parts)).toEqual({ x: 2000, y: 2000, z: 2000 });
  });

  it('refuses money over zero weights and non-integer totals', () => {
    expect(() => apportion(1, [{ key: 'a', weight: 0 }])).toThrow(RangeError);
    expect(() => apportion(1.5, [{ key: 'a', weight: 1 }])).toThrow(RangeError);
  });

  it('sums exactly, stays within 1p of the exact share, and ignores input order (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.uniqueArray(fc.record({ key: fc.string({ minLength: 1, maxLength: 4 }), weight: fc.nat(10_000) }), {
          minLength: 1,
          maxLength: 12,
          selector: (w) => w.key,
        }),
        (total, weights) => {
          fc.pre(weights.some((w) => w.weight > 0));
          const parts = apportion(total, weights);
          const sum = [...parts.values()].reduce((a, b) => a + b, 0);
          expect(sum).toBe(total);
          const W = weights.reduce((a, w) => a + w.weight, 0);
          for (const w of weights) {
            const exact = (total * w.weight) / W;
            expect(Math.abs(parts.get(w.key)! - exact)).toBeLessThan(1 + 1e-6);
          }
          const reversed = apportion(total, [...weights].reverse());
          expect(Object.fromEntries(reversed)).toEqual(Object.fromEntries(parts));
        },
      ),
      { numRuns: 500, seed: SEED },
    );
  });
});

describe('journal entries', () => {
  it('accepts balanced lines and names what is wrong with unbalanced ones', () => {
    expect(
      entryProblems([
        { account: 'a', amountPence: 5 },
        { account: 'b', amountPence: -5 },
      ]),
    ).toEqual([]);
    expect(
      entryProblems([
        { account: 'a', amountPence: 5 },
        { account: 'b', amountPence: -4 },
      ]),
    ).toEqual(['lines sum to 1, not 0']);
    expect(entryProblems([{ account: 'a', amountPence: 0.5 }])).toContain('a: amount must be integer pence');
  });

  it('merges lines per account and drops zeros', () => {
    expect(
      canonicalLines([
        { account: 'a', amountPence: 5 },
        { account: 'b', amountPence: -5 },
        { account: 'a', amountPence: -5 },
        { account: 'c', amountPence: 5 },
      ]),
    ).toEqual([
      { account: 'b', amountPence: -5 },
      { account: 'c', amountPence: 5 },
    ]);
  });
});

describe('dates and costs', () => {
  it('costs bed-nights at a seventh of the weekly price, rounded to the penny', () => {
    expect(bedNightsCost(7, 350_000)).toBe(350_000);
    expect(bedNightsCost(1, 100)).toBe(14); // 14.29
    expect(bedNightsCost(31 * 2, 350_000)).toBe(3_100_000);
    expect(bedNightsCost(3, 1)).toBe(0); // 0.43
    expect(bedNightsCost(4, 1)).toBe(1); // 0.57
  });

  it('walks months as half-open day ranges', () => {
    expect(periodDays('2026-02').end - periodDays('2026-02').start).toBe(28);
    expect(periodDays('2028-02').end - periodDays('2028-02').start).toBe(29);
    expect(isoDate(dayNumber('2026-12-31') + 1)).toBe('2027-01-01');
    expect(periodsBetween(dayNumber('2026-01-15'), dayNumber('2026-04-01'))).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(periodsBetween(dayNumber('2026-01-15'), dayNumber('2026-04-02'))).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
    ]);
  });
});
