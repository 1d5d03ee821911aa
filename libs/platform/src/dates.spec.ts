import { describe, expect, it } from '@jest/globals';
import { dateInWords, monthInWords } from './dates.js';

describe('dates in words', () => {
  it('writes a calendar date as GOV.UK does, without a leading zero', () => {
    expect(dateInWords('2027-01-01')).toBe('1 January 2027');
    expect(dateInWords('2025-12-31')).toBe('31 December 2025');
    expect(dateInWords('2026-03-12T10:00:00Z')).toBe('12 March 2026');
  });

  it('leaves anything that is not a date as given', () => {
    expect(dateInWords('soon')).toBe('soon');
    expect(dateInWords('2027-13-01')).toBe('2027-13-01');
  });

  it('writes a month as its name and year', () => {
    expect(monthInWords('2026-12')).toBe('December 2026');
    expect(monthInWords('2026-00')).toBe('2026-00');
  });
});
