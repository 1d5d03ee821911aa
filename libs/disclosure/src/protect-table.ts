import type { DisclosureOptions } from './published-value.js';
import { protectTables, type ProtectedTable, type TableInput } from './protect-tables.js';

export {
  PRIMARY_REASON,
  PUBLISHED_REASON,
  SECONDARY_REASON,
  type ProtectedTable,
  type TableInput,
} from './protect-tables.js';

/**
 * Publishes a two-way table of counts with its margins, safely.
 *
 * The table and its totals form an augmented (R+1) x (C+1) grid: cells, row totals in the last column, column
 * totals in the last row, the grand total in the corner. Every row and column of that grid is one linear equation
 * (the entries sum to the margin). Primary suppression hides counts 1..minCount-1. A line with exactly one hidden
 * entry would give it away by subtraction, so another entry in that line is hidden too (the smallest non-zero one;
 * zeros reveal nothing by being hidden, and a hidden total when no cell will do). Repeated to a fixed point: when it
 * ends, every line has no hidden entry or at least two. Then the audit of `protectTables` solves the published table
 * for each hidden small count and hides more until each keeps a wide enough range. Totals are the true sums;
 * published values are never altered.
 */
export function protectTable(input: TableInput, options: DisclosureOptions): ProtectedTable {
  return protectTables({ table: input }, options).tables['table']!;
}
