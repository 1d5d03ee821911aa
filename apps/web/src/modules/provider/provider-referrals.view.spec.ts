import { describe, expect, it } from '@jest/globals';
import { changedTag } from './provider-referrals.view.js';

const answer = (respondedAt: string) => ({
  settingUrn: 'SC000001',
  distance: 'near',
  onFramework: false,
  outcome: null,
  response: {
    id: 'r1',
    settingUrn: 'SC000001',
    response: 'offer',
    weeklyPricePence: 500_000,
    startDate: '2026-12-10',
    declineReason: null,
    declineNote: null,
    respondedAt,
  },
});

describe('a provider’s referral list marks what the council changed', () => {
  it('marks an open referral changed after opening, and says so when the change came after this provider’s answer', () => {
    const open = { status: 'open', changedAt: '2026-12-04T09:00:00Z' };
    expect(changedTag({ ...open, matches: [] }).toString()).toContain('Changed 4 December 2026');
    expect(changedTag({ ...open, matches: [answer('2026-12-03T15:00:00Z')] }).toString()).toContain(
      'Changed since your answer',
    );
    expect(changedTag({ ...open, matches: [answer('2026-12-05T15:00:00Z')] }).toString()).toContain(
      'Changed 4 December 2026',
    );
  });

  it('marks nothing on a referral never changed, or already closed', () => {
    expect(changedTag({ status: 'open', changedAt: null, matches: [] }).toString()).toBe('');
    expect(changedTag({ status: 'placed', changedAt: '2026-12-04T09:00:00Z', matches: [] }).toString()).toBe('');
  });
});
