import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { childPseudonym } from './pseudonym.js';

const KEY = 'k'.repeat(32);

describe('childPseudonym', () => {
  it('is the HMAC-SHA-256 of council and child under the key (RFC 2104 via node:crypto), as 64 hex digits', () => {
    const p = childPseudonym(KEY, 'E10000028', '525420');
    expect(p).toMatch(/^[0-9a-f]{64}$/);
    expect(childPseudonym(KEY, 'E10000028', '525420')).toBe(p);
  });

  it('changes with the key, the council and the child, and never contains the child id', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ minLength: 1, maxLength: 20 }), (a, b) => {
        const p = childPseudonym(KEY, 'E10000028', a);
        expect(childPseudonym('x'.repeat(32), 'E10000028', a)).not.toBe(p);
        expect(childPseudonym(KEY, 'E06000021', a)).not.toBe(p);
        if (a !== b) expect(childPseudonym(KEY, 'E10000028', b)).not.toBe(p);
        if (a.length >= 3) expect(p.includes(a)).toBe(false);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
