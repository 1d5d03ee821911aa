import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { distribution, quantilePence } from './quantiles.js';

describe('price distributions', () => {
  it('uses type 7 quartiles, rounded to the penny', () => {
    // R: quantile(c(100, 200, 400, 1000), c(.25, .5, .75)) = 175, 300, 550
    expect(distribution([1000, 100, 400, 200])).toEqual({
      n: 4,
      minPence: 100,
      lowerQuartilePence: 175,
      medianPence: 300,
      upperQuartilePence: 550,
      maxPence: 1000,
    });
    expect(quantilePence([1, 2], 0.5)).toBe(2); // 1.5 rounds half up
    expect(distribution([250_000]).medianPence).toBe(250_000);
  });

  it('is not moved by one very expensive placement the way a mean is', () => {
    const ordinary = [90_000, 95_000, 100_000, 105_000, 110_000];
    expect(distribution([...ordinary, 2_000_000]).medianPence).toBe(102_500);
  });

  it('orders min <= q1 <= median <= q3 <= max and refuses non-pence', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000_000 }), { minLength: 1, maxLength: 40 }), (values) => {
        const d = distribution(values);
        expect(d.minPence).toBeLessThanOrEqual(d.lowerQuartilePence);
        expect(d.lowerQuartilePence).toBeLessThanOrEqual(d.medianPence);
        expect(d.medianPence).toBeLessThanOrEqual(d.upperQuartilePence);
        expect(d.upperQuartilePence).toBeLessThanOrEqual(d.maxPence);
        expect(Number.isInteger(d.medianPence)).toBe(true);
      }),
    );
    expect(() => distribution([1.5])).toThrow(RangeError);
  });
});
