// The tables as augmented grids (cells, row totals in column C, column totals in row R), new or already published,
// with what is hidden in each and what an intruder reads from what is shown.
import { augment, checkContributions, type Contributions } from '../member-knowledge.js';
import {
  checkCount,
  isPrimarySensitive,
  roundCount,
  roundingInterval,
  type DisclosureOptions,
  type PublishedValue,
} from '../published-value.js';
import { PRIMARY_REASON, type PublishedTable, type TableInput } from './types.js';

export interface Grid {
  id: string;
  R: number;
  C: number;
  truth: number[][];
  reason: (string | null)[][];
  fixed: boolean;
  rowKeys: string[];
  colKeys: string[];
  /** Totals are published rounded to this unit (null: exact). */
  unit: number | null;
  /** What a fixed (already published) table showed. */
  shown?: PublishedValue[][];
  contributions?: Contributions;
}

export type Entry = [number, number];

function checkInput(input: TableInput, where: string): void {
  const { rowKeys, colKeys, counts } = input;
  if (counts.length !== rowKeys.length) {
    throw new RangeError(`${where}counts has ${counts.length} rows but there are ${rowKeys.length} row keys`);
  }
  counts.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== colKeys.length) {
      throw new RangeError(
        `${where}row ${rowKeys[r]} has ${row?.length} counts but there are ${colKeys.length} column keys`,
      );
    }
    row.forEach((v, c) => checkCount(v, `${where}cell ${rowKeys[r]}/${colKeys[c]}`));
  });
  if (input.contributions) checkContributions(counts, input.contributions, where);
}

/** The new tables (checked; small counts hidden as primary) and the published ones (fixed, as they were shown). */
export function buildGrids(
  inputs: Record<string, TableInput>,
  options: DisclosureOptions,
  publishedTables: Record<string, PublishedTable>,
): Map<string, Grid> {
  const m = options.minCount;
  const grids = new Map<string, Grid>();
  for (const [id, input] of Object.entries(inputs)) {
    checkInput(input, Object.keys(inputs).length > 1 ? `${id}: ` : '');
    const truth = augment(input.counts, input.colKeys.length);
    const reason = truth.map((row) =>
      row.map((v) => (isPrimarySensitive(v, options) ? (v === 0 ? 'zero suppressed' : PRIMARY_REASON(m)) : null)),
    );
    grids.set(id, {
      id,
      R: input.rowKeys.length,
      C: input.colKeys.length,
      truth,
      reason,
      fixed: false,
      rowKeys: [...input.rowKeys],
      colKeys: [...input.colKeys],
      unit: input.roundTotalsTo ?? null,
      ...(input.contributions ? { contributions: input.contributions } : {}),
    });
  }
  for (const [id, prior] of Object.entries(publishedTables)) {
    if (grids.has(id)) throw new RangeError(`table ${id} is both new and already published`);
    const { published } = prior;
    if (prior.contributions) checkContributions(prior.counts, prior.contributions, `${id}: `);
    const truth = augment(prior.counts, published.colKeys.length);
    const shown = [
      ...published.cells.map((row, r) => [...row, published.rowTotals[r]!]),
      [...published.colTotals, published.grandTotal],
    ];
    grids.set(id, {
      id,
      R: published.rowKeys.length,
      C: published.colKeys.length,
      truth,
      reason: shown.map((row) => row.map((p) => (p.kind === 'count' || p.marker === 'k' ? null : p.reason))),
      fixed: true,
      rowKeys: published.rowKeys,
      colKeys: published.colKeys,
      unit: null,
      shown,
      ...(prior.contributions ? { contributions: prior.contributions } : {}),
    });
  }
  return grids;
}

/** Hides an entry of a new table for `why`; false when it was hidden already or the table is fixed. */
export function hide(g: Grid, r: number, c: number, why: string): boolean {
  if (g.fixed || g.reason[r]![c] !== null) return false;
  g.reason[r]![c] = why;
  return true;
}

export const hidden = (g: Grid, r: number, c: number): boolean => g.reason[r]![c] !== null;

/** A figure as shown: totals published rounded give the intruder only an interval. */
export function shownValue(g: Grid, r: number, c: number): PublishedValue {
  if (g.shown) return g.shown[r]![c]!;
  const v = g.truth[r]![c]!;
  return g.unit !== null && (r === g.R || c === g.C) ? roundCount(v, g.unit) : { kind: 'count', value: v };
}

/** The interval a rounded figure is known to lie in; null when it is hidden or shown exactly. */
export const interval = (g: Grid, r: number, c: number): [number, number] | null =>
  hidden(g, r, c) ? null : roundingInterval(shownValue(g, r, c));

/** Every row and column of the augmented grid, its margin last. */
export function linesOf(g: Grid): Entry[][] {
  return [
    ...Array.from({ length: g.R + 1 }, (_, r) => Array.from({ length: g.C + 1 }, (_, c) => [r, c] as Entry)),
    ...Array.from({ length: g.C + 1 }, (_, c) => Array.from({ length: g.R + 1 }, (_, r) => [r, c] as Entry)),
  ];
}

/** Complement preference: an interior non-zero entry (smallest first), then a non-zero margin, then anything. */
export function pickComplement(g: Grid, open: Entry[], value = (e: Entry) => g.truth[e[0]]![e[1]]!) {
  const rank = (e: Entry) => {
    const v = Math.abs(value(e));
    return [v === 0 ? 2 : e[0] === g.R || e[1] === g.C ? 1 : 0, v];
  };
  return open
    .map((e, i) => ({ e, key: [...rank(e), i] }))
    .sort((a, b) => a.key[0]! - b.key[0]! || a.key[1]! - b.key[1]! || a.key[2]! - b.key[2]!)[0]?.e;
}
