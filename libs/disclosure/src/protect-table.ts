import {
  checkCount,
  checkOptions,
  isPrimarySensitive,
  type DisclosureOptions,
  type PublishedValue,
} from './published-value.js';

export interface TableInput {
  rowKeys: string[];
  colKeys: string[];
  /** counts[r][c]: non-negative integers, one row per row key and one column per column key. */
  counts: number[][];
}

export interface ProtectedTable {
  rowKeys: string[];
  colKeys: string[];
  cells: PublishedValue[][];
  rowTotals: PublishedValue[];
  colTotals: PublishedValue[];
  grandTotal: PublishedValue;
}

export const PRIMARY_REASON = (minCount: number) => `fewer than ${minCount}`;
export const SECONDARY_REASON = 'secondary suppression (protects another cell)';

/**
 * Publishes a two-way table of counts with its margins, safely.
 *
 * The table and its totals form an augmented (R+1) x (C+1) grid: cells, row totals in the last column, column
 * totals in the last row, the grand total in the corner. Every row and column of that grid is one linear equation
 * (the entries sum to the margin). Primary suppression hides counts 1..minCount-1. A line with exactly one hidden
 * entry would give it away by subtraction, so another entry in that line is hidden too (the smallest non-zero one;
 * zeros reveal nothing by being hidden, and a hidden total when no cell will do). Repeated to a fixed point: when it
 * ends, every line has no hidden entry or at least two. Totals are the true sums; published values are never altered.
 */
export function protectTable(input: TableInput, options: DisclosureOptions): ProtectedTable {
  checkOptions(options);
  const { rowKeys, colKeys, counts } = input;
  if (counts.length !== rowKeys.length) {
    throw new RangeError(`counts has ${counts.length} rows but there are ${rowKeys.length} row keys`);
  }
  counts.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== colKeys.length) {
      throw new RangeError(`row ${rowKeys[r]} has ${row?.length} counts but there are ${colKeys.length} column keys`);
    }
    row.forEach((v, c) => checkCount(v, `cell ${rowKeys[r]}/${colKeys[c]}`));
  });

  const R = rowKeys.length;
  const C = colKeys.length;
  // The augmented grid.
  const grid: number[][] = Array.from({ length: R + 1 }, (_, r) =>
    Array.from({ length: C + 1 }, (_, c) => (r < R && c < C ? counts[r]![c]! : 0)),
  );
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      grid[r]![C]! += grid[r]![c]!;
      grid[R]![c]! += grid[r]![c]!;
      grid[R]![C]! += grid[r]![c]!;
    }
  }
  const reason: (string | null)[][] = grid.map((row) =>
    row.map((v) => (isPrimarySensitive(v, options) ? PRIMARY_REASON(options.minCount) : null)),
  );
  if (options.suppressZeros) {
    grid.forEach((row, r) => row.forEach((v, c) => v === 0 && (reason[r]![c] = 'zero suppressed')));
  }

  const lines: [number, number][][] = [
    ...Array.from({ length: R + 1 }, (_, r) => Array.from({ length: C + 1 }, (_, c) => [r, c] as [number, number])),
    ...Array.from({ length: C + 1 }, (_, c) => Array.from({ length: R + 1 }, (_, r) => [r, c] as [number, number])),
  ];
  const isMargin = ([r, c]: [number, number]) => r === R || c === C;

  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      const hidden = line.filter(([r, c]) => reason[r]![c] !== null);
      if (hidden.length !== 1) continue;
      const open = line.filter(([r, c]) => reason[r]![c] === null);
      // Prefer an interior non-zero entry (smallest first), then a non-zero margin, then anything still open.
      const rank = (e: [number, number]) => [grid[e[0]]![e[1]]! === 0 ? 2 : isMargin(e) ? 1 : 0, grid[e[0]]![e[1]]!];
      const choice = open
        .map((e, i) => ({ e, key: [...rank(e), i] }))
        .sort((a, b) => a.key[0]! - b.key[0]! || a.key[1]! - b.key[1]! || a.key[2]! - b.key[2]!)[0];
      if (!choice) continue; // a one-entry line (a 0 x n table's margin): nothing else can hide it
      reason[choice.e[0]]![choice.e[1]] = SECONDARY_REASON;
      changed = true;
    }
  }

  const publish = (r: number, c: number): PublishedValue => {
    const why = reason[r]![c];
    return why === null ? { kind: 'count', value: grid[r]![c]! } : { kind: 'marker', marker: 'c', reason: why };
  };
  return {
    rowKeys: [...rowKeys],
    colKeys: [...colKeys],
    cells: Array.from({ length: R }, (_, r) => Array.from({ length: C }, (_, c) => publish(r, c))),
    rowTotals: Array.from({ length: R }, (_, r) => publish(r, C)),
    colTotals: Array.from({ length: C }, (_, c) => publish(R, c)),
    grandTotal: publish(R, C),
  };
}
