/**
 * What may be shown for one statistic. GSS/DfE symbols: `c` confidential (suppressed), `z` not applicable,
 * `k` rounds to zero (fewer than half the rounding unit). A true zero is a count of 0, never a marker.
 */
export type Marker = 'c' | 'z' | 'k';

export type PublishedValue = { kind: 'count'; value: number } | { kind: 'marker'; marker: Marker; reason: string };

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
