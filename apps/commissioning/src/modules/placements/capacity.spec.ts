import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { freeBeds, overbookedNight } from './capacity.js';

describe('block bed capacity', () => {
  const p = (id: string, startDay: number, endDay: number | null) => ({
    id,
    councilCode: 'E06000001',
    startDay,
    endDay,
  });

  it('admits a child when a bed is free every night of the stay', () => {
    expect(overbookedNight([p('a', 0, 10)], p('b', 10, null), 1, 100)).toBeNull();
    expect(overbookedNight([p('a', 0, 10)], p('b', 5, null), 2, 100)).toBeNull();
  });

  it('names the first night a later start would overbook an open-ended stay', () => {
    expect(overbookedNight([p('a', 20, null)], p('b', 5, null), 1, 100)).toBe(20);
    expect(overbookedNight([p('a', 20, null)], p('b', 5, 20), 1, 100)).toBeNull();
  });

  it('agrees with counting every night (property)', () => {
    const stay = fc.record({ start: fc.nat(60), len: fc.option(fc.integer({ min: 1, max: 40 })) });
    fc.assert(
      fc.property(fc.array(stay, { maxLength: 8 }), stay, fc.integer({ min: 1, max: 4 }), (raw, c, beds) => {
        const existing = raw.map((s, i) => p(`e${i}`, s.start, s.len === null ? null : s.start + s.len));
        const candidate = p('c', c.start, c.len === null ? null : c.start + c.len);
        const end = 200;
        let naive: number | null = null;
        for (let n = candidate.startDay; n < (candidate.endDay ?? end); n++) {
          const count = [...existing, candidate].filter(
            (q) => q.startDay <= n && (q.endDay === null || n < q.endDay),
          ).length;
          if (count > beds) {
            naive = n;
            break;
          }
        }
        expect(overbookedNight(existing, candidate, beds, end)).toBe(naive);
      }),
      { numRuns: 500, seed: 20261123 },
    );
  });

  it('counts the beds free from a day to the contract’s end, a later booking included', () => {
    expect(freeBeds([p('a', 0, 10)], 5, 2, 100)).toBe(1);
    expect(freeBeds([p('a', 0, 10)], 10, 2, 100)).toBe(2);
    // Free tonight, but a child is booked in from night 20 for good: the one bed is not free for an open stay.
    expect(freeBeds([p('a', 20, null)], 5, 1, 100)).toBe(0);
    expect(freeBeds([], 100, 3, 100)).toBe(0);
  });

  it('a bed is free exactly when an open-ended stay from that day would be admitted (property)', () => {
    const stay = fc.record({ start: fc.nat(60), len: fc.option(fc.integer({ min: 1, max: 40 })) });
    fc.assert(
      fc.property(fc.array(stay, { maxLength: 8 }), fc.nat(80), fc.integer({ min: 1, max: 4 }), (raw, from, beds) => {
        const existing = raw.map((s, i) => p(`e${i}`, s.start, s.len === null ? null : s.start + s.len));
        const free = freeBeds(existing, from, beds, 90);
        expect(free > 0).toBe(from < 90 && overbookedNight(existing, p('c', from, null), beds, 90) === null);
        // Each free bed can be taken in turn, and no more.
        let taken = [...existing];
        for (let i = 0; i < free; i++) {
          expect(overbookedNight(taken, p(`n${i}`, from, null), beds, 90)).toBeNull();
          taken = [...taken, p(`n${i}`, from, null)];
        }
        if (from < 90) expect(overbookedNight(taken, p('x', from, null), beds, 90)).not.toBeNull();
      }),
      { numRuns: 500, seed: 20261206 },
    );
  });
});
