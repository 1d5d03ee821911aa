/**
 * What may be shown for one statistic. GSS/DfE symbols: `c` confidential (suppressed), `z` not applicable,
 * `k` rounds to zero (fewer than half the rounding unit). A true zero is a count of 0, never a marker.
 */
export type Marker = 'c' | 'z' | 'k';

export type PublishedValue =
  /** `roundedTo`: the value is the true count rounded half up to this unit (e.g. regional totals to the nearest 10). */
  | { kind: 'count'; value: number; roundedTo?: number }
  | { kind: 'marker'; marker: Marker; reason: string; roundedTo?: number };

export interface DisclosureOptions {
  /** The smallest non-zero count that may be shown: counts 1..minCount-1 become `c`. DfE practice: 6 (1-5 hidden). */
  minCount: number;
  /** Also hide true zeros (for tables where a zero would itself disclose). Default false: a zero stays 0. */
  suppressZeros?: boolean;
}

/** DfE children's social care statistics suppress counts of 1 to 5. */
export const DEFAULT_MIN_COUNT = 6;

export function formatValue(value: PublishedValue): string {
  return value.kind === 'count' ? String(value.value) : value.marker;
}

export function checkOptions(options: DisclosureOptions): void {
  if (!Number.isInteger(options.minCount) || options.minCount < 1) {
    throw new RangeError(`minCount must be a positive integer (got ${options.minCount})`);
  }
}

export function checkCount(count: number, where: string): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`${where}: a count must be a non-negative integer (got ${count})`);
  }
}

export function isPrimarySensitive(count: number, options: DisclosureOptions): boolean {
  return (count > 0 && count < options.minCount) || (count === 0 && options.suppressZeros === true);
}

/** One stand-alone figure (no table around it to protect it by complement). */
export function protectCount(count: number, options: DisclosureOptions): PublishedValue {
  checkOptions(options);
  checkCount(count, 'count');
  return isPrimarySensitive(count, options)
    ? { kind: 'marker', marker: 'c', reason: count === 0 ? 'zero suppressed' : `fewer than ${options.minCount}` }
    : { kind: 'count', value: count };
}

/**
 * A count rounded half up to the nearest `unit` (DfE: regional and national totals to the nearest 10). A true zero
 * stays 0; a non-zero count that rounds to 0 is shown as `k`.
 */
export function roundCount(count: number, unit: number): PublishedValue {
  checkCount(count, 'count');
  if (!Number.isInteger(unit) || unit < 2) throw new RangeError(`a rounding unit must be an integer of 2 or more`);
  const value = Math.floor((count + unit / 2) / unit) * unit;
  if (value === 0 && count > 0)
    return { kind: 'marker', marker: 'k', reason: `rounds to zero (nearest ${unit})`, roundedTo: unit };
  return { kind: 'count', value, roundedTo: unit };
}

/** The true counts a rounded figure can stand for (inclusive), as an intruder knows them. */
export function roundingInterval(shown: PublishedValue): [number, number] | null {
  if (shown.roundedTo === undefined) return null;
  const u = shown.roundedTo;
  if (shown.kind === 'marker') return shown.marker === 'k' ? [1, Math.ceil(u / 2) - 1] : null;
  return [Math.max(0, Math.ceil(shown.value - u / 2)), Math.ceil(shown.value + u / 2) - 1];
}
