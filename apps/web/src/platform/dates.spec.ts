import { describe, expect, it } from '@jest/globals';
import { govukDate, govukDateTime, govukMonth, shortMonth } from './dates.js';

describe('dates in GOV.UK style', () => {
  it('writes a calendar date with the month in full and no leading zero', () => {
    expect(govukDate('2026-12-05')).toBe('5 December 2026');
    expect(govukDate('2027-01-31')).toBe('31 January 2027');
    expect(govukDate(new Date('2026-03-09T23:59:00Z'))).toBe('9 March 2026');
  });

  it('writes a month and an instant (UTC), midday and midnight in words', () => {
    expect(govukMonth('2026-11')).toBe('November 2026');
    expect(govukMonth('2026-02-28')).toBe('February 2026');
    expect(govukDateTime('2026-12-06T14:05:00Z')).toBe('6 December 2026, 2:05pm');
    expect(govukDateTime('2026-12-06T09:00:00Z')).toBe('6 December 2026, 9am');
    expect(govukDateTime('2026-12-06T12:00:00Z')).toBe('6 December 2026, midday');
    expect(govukDateTime('2026-12-06T00:00:00Z')).toBe('6 December 2026, midnight');
    expect(govukDateTime('2026-12-06T00:30:00Z')).toBe('6 December 2026, 12:30am');
  });

  it('shortens a month for a chart axis to three letters, and leaves other labels alone', () => {
    expect(shortMonth('2026-09')).toBe('Sep 2026');
    expect(shortMonth('2027-01')).toBe('Jan 2027');
    expect(shortMonth('Under 1')).toBe('Under 1');
  });

  it('shows what it cannot read as given, never "Invalid Date"', () => {
    expect(govukDate('not a date')).toBe('not a date');
    expect(govukDateTime('')).toBe('');
  });
});
