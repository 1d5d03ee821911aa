import { describe, expect, it } from '@jest/globals';
import { dateInWords, monthInWords } from './dates.js';

describe('dates in words', () => {
  it.each([
    ['2027-01-01', '1 January 2027'],
    ['2025-12-31', '31 December 2025'],
    ['2026-03-12T10:00:00Z', '12 March 2026'],
    ['soon', 'soon'],
    ['2027-13-01', '2027-13-01'],
  ])('writes %s as %s (anything that is not a date as given)', (iso, words) => {
    expect(dateInWords(iso)).toBe(words);
  });

  it.each([
    ['2026-12', 'December 2026'],
    ['2026-00', '2026-00'],
  ])('writes the month %s as %s', (period, words) => {
    expect(monthInWords(period)).toBe(words);
  });
});
