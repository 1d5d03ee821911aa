import { dateInWords } from '@rcc/platform';

const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;
const ordinal = (n: number) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10];
  return `${n}${suffix ?? 'th'}`;
};

export interface OutcomeFacts {
  lotTitle: string;
  rank: number;
  bidsInLot: number;
  totalBp: number;
  winningTotalBp: number;
  priceScoreBp: number;
  qualityScore: number;
  standstillEndsOn: string;
}

/**
 * The outcome notice a bidder reads after award (docs/adr/0052): its own rank, scores and the winning total, and
 * when the standstill ends. Never another bidder's name or price.
 */
export function outcomeNotice(f: OutcomeFacts): string {
  const own =
    `Your bid for ${f.lotTitle} ranked ${ordinal(f.rank)} of ${f.bidsInLot} with ${pct(f.totalBp)} ` +
    `(price score ${pct(f.priceScoreBp)}, quality ${f.qualityScore} out of 100).`;
  if (f.rank === 1)
    return `Successful. ${own} The award is final when the standstill ends on ${dateInWords(f.standstillEndsOn)}.`;
  return (
    `Unsuccessful. ${own} The winning bid scored ${pct(f.winningTotalBp)}. ` +
    `You may ask the hub to review the award until the standstill ends on ${dateInWords(f.standstillEndsOn)}.`
  );
}
