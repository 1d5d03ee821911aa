import { type BlockPlacement, dayNumber } from '../../domain/index.js';

export const PLACEMENT_COLUMNS = `id, council_code, route, contract_id, weekly_cost_pence, setting_urn, child_pseudonym,
  to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date`;

/** A placement row as the capacity rules read it: its nights as day numbers. */
export const toBlockPlacement = (r: {
  id: string;
  council_code: string;
  start_date: string;
  end_date: string | null;
}): BlockPlacement => ({
  id: r.id,
  councilCode: r.council_code,
  startDay: dayNumber(r.start_date),
  endDay: r.end_date === null ? null : dayNumber(r.end_date),
});

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

/**
 * How many children could move in on `fromDay` and stay to the contract's end: the beds less the most taken on any
 * night from then on (occupancy only rises at a start, so the nights to count are `fromDay` and each later start).
 * A contract that has ended by `fromDay` has none.
 */
export function freeBeds(
  existing: readonly BlockPlacement[],
  fromDay: number,
  beds: number,
  contractEndDay: number,
): number {
  if (fromDay >= contractEndDay) return 0;
  const taken = (night: number) =>
    existing.filter((p) => p.startDay <= night && (p.endDay === null || night < p.endDay)).length;
  const nights = [fromDay, ...existing.map((p) => p.startDay).filter((d) => d > fromDay && d < contractEndDay)];
  return Math.max(0, beds - Math.max(...nights.map(taken)));
}
