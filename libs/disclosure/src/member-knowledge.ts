import { checkCount } from './published-value.js';

/**
 * What each member council knows of a regional table: its own figures (issue 15). A member subtracts them from every
 * published regional figure; what is left is the rest of the region. A coalition of members pools its figures.
 */

/** Each member's own counts, keyed by member code, in the shape of the table's counts; together they are the table. */
export type Contributions = Record<string, number[][]>;

/**
 * The coalitions treated as intruders by default: every single member and every pair. For a region of 2 or 3
 * members that is every coalition of all but one member (each learns the one left exactly); for larger regions a
 * pair is the largest coalition assumed to pool its figures (ADR 0043).
 */
export const DEFAULT_COALITION_SIZE = 2;

/** The augmented grid of a table: cells, row totals in the last column, column totals in the last row. */
export function augment(counts: number[][], C: number): number[][] {
  const R = counts.length;
  const grid = Array.from({ length: R + 1 }, (_, r) =>
    Array.from({ length: C + 1 }, (_, c) => (r < R && c < C ? counts[r]![c]! : 0)),
  );
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      grid[r]![C]! += grid[r]![c]!;
      grid[R]![c]! += grid[r]![c]!;
      grid[R]![C]! += grid[r]![c]!;
    }
  }
  return grid;
}

/** Checks each member's counts: the table's shape, non-negative integers, and summing to the table cell by cell. */
export function checkContributions(counts: number[][], contributions: Contributions, where: string): void {
  const sum = counts.map((row) => row.map(() => 0));
  for (const [member, own] of Object.entries(contributions)) {
    if (!Array.isArray(own) || own.length !== counts.length) {
      throw new RangeError(`${where}member ${member} has ${own?.length} rows of contributions, not ${counts.length}`);
    }
    own.forEach((row, r) => {
      if (!Array.isArray(row) || row.length !== counts[r]!.length) {
        throw new RangeError(`${where}member ${member} row ${r} has ${row?.length} contributions`);
      }
      row.forEach((v, c) => {
        checkCount(v, `${where}member ${member} cell ${r}/${c}`);
        sum[r]![c]! += v;
      });
    });
  }
  sum.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== counts[r]![c]!) {
        throw new RangeError(`${where}members' contributions to cell ${r}/${c} sum to ${v}, not ${counts[r]![c]}`);
      }
    }),
  );
}

/** Every coalition of 1..min(size, n-1) members (all n together know everything: nothing to protect from them). */
export function coalitions(members: readonly string[], size: number): string[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`coalitionSize must be a positive integer (got ${size})`);
  const out: string[][] = [];
  const limit = Math.min(size, members.length - 1);
  const grow = (from: number, chosen: string[]) => {
    if (chosen.length > 0) out.push(chosen);
    if (chosen.length === limit) return;
    for (let i = from; i < members.length; i++) grow(i + 1, [...chosen, members[i]!]);
  };
  grow(0, []);
  return out;
}

/** The augmented grid of a coalition's pooled figures in one table, or undefined when none of it is known. */
export function coalitionGrid(
  contributions: Contributions | undefined,
  coalition: readonly string[],
  C: number,
): number[][] | undefined {
  const own = coalition.map((m) => contributions?.[m]).filter((x): x is number[][] => x !== undefined);
  if (own.length === 0) return undefined;
  const pooled = own[0]!.map((row, r) => row.map((_, c) => own.reduce((s, t) => s + t[r]![c]!, 0)));
  return augment(pooled, C);
}
