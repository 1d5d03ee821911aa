import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { overbookedNight } from './capacity.js';

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
});
