import type { BlockPlacement } from '../../domain/index.js';

/**
 * The first night on which `candidate` would put more children than `beds` in the contract, or null when it fits.
 * Occupancy only rises when a placement starts, so it is enough to count at the candidate's first night and at every
 * later start inside the candidate's stay (an open-ended stay runs to the contract's end).
 */
export function overbookedNight(
  existing: readonly BlockPlacement[],
  candidate: BlockPlacement,
  beds: number,
  contractEndDay: number,
): number | null {
  const until = candidate.endDay ?? contractEndDay;
  const active = (night: number) =>
    existing.filter((p) => p.startDay <= night && (p.endDay === null || night < p.endDay)).length + 1;
  const nights = [
    candidate.startDay,
    ...existing.map((p) => p.startDay).filter((d) => d > candidate.startDay && d < until),
  ].sort((a, b) => a - b);
  for (const night of nights) if (active(night) > beds) return night;
  return null;
}
