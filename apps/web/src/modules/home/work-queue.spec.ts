import { describe, expect, it } from '@jest/globals';
import { monthsToClose, tendersClosing } from './work-queue.js';

describe('the hub’s work queue', () => {
  it('lists the ended months after the last closed one, oldest first, never the current month', () => {
    expect(monthsToClose(['2026-08', '2026-09'], ['2025-04-01'], '2026-12-06')).toEqual(['2026-10', '2026-11']);
    expect(monthsToClose(['2026-11'], [], '2026-12-06')).toEqual([]);
    // Across a year end.
    expect(monthsToClose(['2026-11'], [], '2027-02-01')).toEqual(['2026-12', '2027-01']);
  });

  it('before any close, starts at the month the first contract started; nothing without contracts', () => {
    expect(monthsToClose([], ['2026-10-15', '2026-09-01'], '2026-12-06')).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(monthsToClose([], [], '2026-12-06')).toEqual([]);
  });

  it('counts open tenders whose bids close from today to 14 days on, soonest first', () => {
    const t = (id: string, status: string, bidsCloseOn: string | null) => ({ id, status, bidsCloseOn });
    const tenders = [
      t('later', 'open', '2026-12-21'),
      t('edge', 'open', '2026-12-20'),
      t('today', 'open', '2026-12-06'),
      t('past', 'open', '2026-12-05'),
      t('draft', 'draft', '2026-12-10'),
      t('none', 'open', null),
    ];
    expect(tendersClosing(tenders, '2026-12-06').map((x) => x.id)).toEqual(['today', 'edge']);
  });
});
