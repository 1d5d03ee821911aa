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
