/**
 * Quartiles of integer pence by Hyndman & Fan type 7 (linear interpolation between order statistics: R's default,
 * Excel's QUARTILE.INC, numpy's default), rounded half up to a whole penny so money stays integer.
 */
export function quantilePence(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('no values');
  if (p < 0 || p > 1) throw new RangeError('p must be in [0, 1]');
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const value = sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
  return Math.floor(value + 0.5);
}

export interface Distribution {
  n: number;
  minPence: number;
  lowerQuartilePence: number;
  medianPence: number;
  upperQuartilePence: number;
  maxPence: number;
}

export function distribution(values: readonly number[]): Distribution {
  for (const v of values) if (!Number.isInteger(v) || v < 0) throw new RangeError(`not integer pence: ${v}`);
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    minPence: sorted[0]!,
    lowerQuartilePence: quantilePence(sorted, 0.25),
    medianPence: quantilePence(sorted, 0.5),
    upperQuartilePence: quantilePence(sorted, 0.75),
    maxPence: sorted.at(-1)!,
  };
}
