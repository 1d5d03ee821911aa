import { describe, expect, it } from '@jest/globals';
import { outcomeNotice } from './outcome-notice.js';

const facts = {
  lotTitle: 'Two-bed homes',
  bidsInLot: 2,
  winningTotalBp: 8400,
  priceScoreBp: 8000,
  qualityScore: 90,
  standstillEndsOn: '2026-12-16',
};

describe('outcome notices', () => {
  it('tells the successful bidder its rank, scores and when the standstill ends', () => {
    expect(outcomeNotice({ ...facts, rank: 1, totalBp: 8400 })).toBe(
      'Successful. Your bid for Two-bed homes ranked 1st of 2 with 84.00% (price score 80.00%, quality 90 out of 100). ' +
        'The award is final when the standstill ends on 16 December 2026.',
    );
  });

  it('tells an unsuccessful bidder the winning total, not who won, and until when it may ask for a review', () => {
    const notice = outcomeNotice({ ...facts, rank: 2, totalBp: 8000, priceScoreBp: 10000, qualityScore: 50 });
    expect(notice).toBe(
      'Unsuccessful. Your bid for Two-bed homes ranked 2nd of 2 with 80.00% (price score 100.00%, quality 50 out of 100). ' +
        'The winning bid scored 84.00%. You may ask the hub to review the award until the standstill ends on 16 December 2026.',
    );
    expect(outcomeNotice({ ...facts, rank: 12, bidsInLot: 13, totalBp: 1 })).toContain('ranked 12th of 13');
  });
});
