import { describe, expect, it } from '@jest/globals';
import { rankBids } from './evaluation.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

describe('bid evaluation', () => {
  it('ranks by weighted price and quality and explains each score', () => {
    const { ranked, complete } = rankBids(
      [
        { id: 'cheap', weeklyPricePerBedPence: 400_000, qualityScore: 50, submittedAt: at(1) },
        { id: 'good', weeklyPricePerBedPence: 500_000, qualityScore: 90, submittedAt: at(2) },
      ],
      { price: 60, quality: 40 },
    );
    expect(complete).toBe(true);
    // cheap: 10000*0.6 + 5000*0.4 = 8000; good: 8000*0.6 + 9000*0.4 = 8400
    expect(ranked.map((r) => [r.bidId, r.rank, r.totalBp])).toEqual([
      ['good', 1, 8400],
      ['cheap', 2, 8000],
    ]);
    expect(ranked[0]!.explanation).toBe(
      'price £5000.00/bed/week against lowest £4000.00: price score 80.00% x 60%; quality 90/100 x 40% = 84.00%',
    );
  });

  it('breaks ties by lower price, then the earlier bid', () => {
    const { ranked } = rankBids(
      [
        { id: 'late', weeklyPricePerBedPence: 100, qualityScore: 10, submittedAt: at(9) },
        { id: 'early', weeklyPricePerBedPence: 100, qualityScore: 10, submittedAt: at(1) },
      ],
      { price: 100, quality: 0 },
    );
    expect(ranked.map((r) => r.bidId)).toEqual(['early', 'late']);
  });

  it('is incomplete while a bid is unscored', () => {
    const { complete, ranked } = rankBids(
      [{ id: 'x', weeklyPricePerBedPence: 100, qualityScore: null, submittedAt: at(1) }],
      { price: 50, quality: 50 },
    );
    expect(complete).toBe(false);
    expect(ranked[0]!.explanation).toContain('quality not yet scored');
  });
});
