import { divideRounded } from '../../domain/index.js';

export interface BidForEvaluation {
  id: string;
  weeklyPricePerBedPence: number;
  /** 0-100, given by the hub's evaluators; null until scored. */
  qualityScore: number | null;
  submittedAt: Date;
}

export interface RankedBid {
  bidId: string;
  rank: number;
  /** 10000 for the lowest price; others lowest/price x 10000. */
  priceScoreBp: number;
  qualityScoreBp: number;
  totalBp: number;
  explanation: string;
}

const pounds = (pence: number) => `£${(pence / 100).toFixed(2)}`;
const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;

/**
 * Most economically advantageous tender with the published weights: price scores relative to the lowest price,
 * quality as scored, both in basis points (integers, so the ranking is exact and reproducible). Ties go to the lower
 * price, then the earlier bid. Ranking is complete only when every bid has a quality score.
 */
export function rankBids(
  bids: readonly BidForEvaluation[],
  weights: { price: number; quality: number },
): { ranked: RankedBid[]; complete: boolean } {
  if (bids.length === 0) return { ranked: [], complete: true };
  const lowest = Math.min(...bids.map((b) => b.weeklyPricePerBedPence));
  const scored = bids.map((b) => {
    const priceScoreBp = divideRounded(lowest * 10_000, b.weeklyPricePerBedPence);
    const qualityScoreBp = (b.qualityScore ?? 0) * 100;
    const totalBp = divideRounded(weights.price * priceScoreBp + weights.quality * qualityScoreBp, 100);
    return { b, priceScoreBp, qualityScoreBp, totalBp };
  });
  scored.sort(
    (x, y) =>
      y.totalBp - x.totalBp ||
      x.b.weeklyPricePerBedPence - y.b.weeklyPricePerBedPence ||
      x.b.submittedAt.getTime() - y.b.submittedAt.getTime() ||
      (x.b.id < y.b.id ? -1 : 1),
  );
  const ranked = scored.map((s, i) => ({
    bidId: s.b.id,
    rank: i + 1,
    priceScoreBp: s.priceScoreBp,
    qualityScoreBp: s.qualityScoreBp,
    totalBp: s.totalBp,
    explanation:
      `price ${pounds(s.b.weeklyPricePerBedPence)}/bed/week against lowest ${pounds(lowest)}: ` +
      `price score ${pct(s.priceScoreBp)} x ${weights.price}%; ` +
      (s.b.qualityScore === null
        ? `quality not yet scored (counted as 0) x ${weights.quality}%`
        : `quality ${s.b.qualityScore}/100 x ${weights.quality}%`) +
      ` = ${pct(s.totalBp)}`,
  }));
  return { ranked, complete: bids.every((b) => b.qualityScore !== null) };
}
