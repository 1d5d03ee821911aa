import { describe, expect, it } from '@jest/globals';
import { addDays, biddingClosedReason, standstillEndsOn } from './tender-timetable.js';

describe('tender timetable', () => {
  it('takes bids while open, up to and including the deadline day', () => {
    expect(biddingClosedReason('open', '2027-01-31', '2027-01-31')).toBeNull();
    expect(biddingClosedReason('open', null, '2099-01-01')).toBeNull();
    expect(biddingClosedReason('open', '2027-01-31', '2027-02-01')).toBe(
      'the deadline for bids was the end of 31 January 2027',
    );
    expect(biddingClosedReason('evaluation', '2027-01-31', '2027-01-01')).toBe(
      'bids are taken only while the tender is open for bids; it is evaluation',
    );
  });

  it('ends the standstill ten calendar days after the award, across months and years', () => {
    expect(standstillEndsOn('2026-12-06')).toBe('2026-12-16');
    expect(standstillEndsOn('2026-12-28')).toBe('2027-01-07');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
