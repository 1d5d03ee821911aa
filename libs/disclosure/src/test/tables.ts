import fc from 'fast-check';
import type { TableInput } from '../protect-tables.js';
import type { PublishedValue } from '../published-value.js';

/** Test tables: `n` keys `<p>0` ... */
export const keys = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);

/** A table of the counts given, rows r0... and columns c0... */
export const table = (counts: number[][]): TableInput => ({
  rowKeys: keys(counts.length, 'r'),
  colKeys: keys(counts[0]?.length ?? 0, 'c'),
  counts,
});

interface Published {
  cells: PublishedValue[][];
  rowTotals: PublishedValue[];
  colTotals: PublishedValue[];
  grandTotal: PublishedValue;
}

/** The published cells with each row's total appended and the column totals (and grand total) as a last row. */
export const augmented = (t: Published): PublishedValue[][] => [
  ...t.cells.map((row, r) => [...row, t.rowTotals[r]!]),
  [...t.colTotals, t.grandTotal],
];

/** The true counts laid out as `augmented` lays out the published ones. */
export const trueAugmented = (counts: number[][]): number[][] => {
  const C = counts[0]!.length;
  const rows = counts.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  return [...rows, Array.from({ length: C + 1 }, (_, c) => rows.reduce((a, row) => a + row[c]!, 0))];
};

/** `rows` by `cols` counts, each from 0 to `max`. */
export const counts = (rows: number, cols: number, max: number) =>
  fc.array(fc.array(fc.integer({ min: 0, max }), { minLength: cols, maxLength: cols }), {
    minLength: rows,
    maxLength: rows,
  });

/** Cases of a drawn size (1 to `maxRows` rows, 1 to `maxCols` columns), each what `draw` draws for its size. */
export const sizedCases = <T>(
  maxRows: number,
  maxCols: number,
  draw: (rows: number, cols: number) => fc.Arbitrary<T>,
) =>
  fc
    .record({ rows: fc.integer({ min: 1, max: maxRows }), cols: fc.integer({ min: 1, max: maxCols }) })
    .chain(({ rows, cols }) => draw(rows, cols));

/** Tables of a drawn size with counts from 0 to `maxCount`, each with a threshold (`minCount`) drawn from a range. */
export const tablesAndThreshold = (
  maxRows: number,
  maxCols: number,
  maxCount: number,
  minCount: { min: number; max: number },
) =>
  sizedCases(maxRows, maxCols, (rows, cols) =>
    fc.record({ counts: counts(rows, cols, maxCount), minCount: fc.integer(minCount) }),
  );
