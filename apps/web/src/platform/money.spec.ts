import { describe, expect, it } from '@jest/globals';
import { penceOf, pounds, poundsTyped } from './money.js';

describe('money on the pages', () => {
  it('shows pence as pounds, with thousands and a sign', () => {
    expect(pounds(123456)).toBe('£1,234.56');
    expect(pounds(-500)).toBe('-£5.00');
    expect(pounds(0)).toBe('£0.00');
  });

  it('reads typed pounds as pence, refusing what is not an amount', () => {
    expect(penceOf(poundsTyped('£4,250.50'))).toBe(425050);
    expect(penceOf(poundsTyped('-£250'), 8)).toBeUndefined();
    expect(poundsTyped('-£250')).toBe('-250');
    expect(penceOf('0.1')).toBe(10);
    expect(penceOf('12345678')).toBeUndefined();
    expect(penceOf('12345678', 8)).toBe(1234567800);
    expect(penceOf('1.005')).toBeUndefined();
    expect(penceOf('')).toBeUndefined();
  });
});
