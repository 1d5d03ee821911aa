import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formatValue } from './published-value.js';
import { augmented, table, trueAugmented } from './test/tables.js';
import { protectTable, PUBLISHED_REASON, type ProtectedTable } from './protect-table.js';

/**
 * Issue 15, finding 8: in the council-by-placement table each council row had exactly two suppressed cells and a
 * published total, so their SUM (5) was exact; and the JSON said which suppressed cells were the small ones.
 */

/** Every line (row or column of the augmented grid) whose margin is shown: the sum of its hidden cells, if small. */
function recoverableSmallSums(t: ProtectedTable, counts: number[][], m: number): string[] {
  const shown = augmented(t);
  const truth = trueAugmented(counts);
  const R = shown.length - 1;
  const C = shown[0]!.length - 1;
  const lines: [number, number][][] = [
    ...Array.from({ length: R + 1 }, (_, r) => Array.from({ length: C + 1 }, (_, c) => [r, c] as [number, number])),
    ...Array.from({ length: C + 1 }, (_, c) => Array.from({ length: R + 1 }, (_, r) => [r, c] as [number, number])),
  ];
  const found: string[] = [];
  for (const line of lines) {
    const [mr, mc] = line[line.length - 1]!;
    if (shown[mr]![mc]!.kind === 'marker') continue;
    const hiddenSum = line
      .slice(0, -1)
      .filter(([r, c]) => shown[r]![c]!.kind === 'marker')
      .reduce((s, [r, c]) => s + truth[r]![c]!, 0);
    if (hiddenSum > 0 && hiddenSum < m) found.push(`line ending ${mr},${mc}: hidden cells sum to ${hiddenSum}`);
  }
  return found;
}

describe('no line leaves a recoverable small sum; one marker for every suppressed cell', () => {
  it('the finding: two small cells in a row with its total shown are not left summing to 5', () => {
    const counts = [
      [3, 2, 12, 20],
      [9, 14, 30, 25],
      [11, 8, 16, 40],
    ];
    const t = protectTable(table(counts), { minCount: 6 });
    expect(t.cells[0]![0]!.kind).toBe('marker');
    expect(t.cells[0]![1]!.kind).toBe('marker');
    expect(recoverableSmallSums(t, counts, 6)).toEqual([]);
    // More than the two small cells of row 0 are hidden there (or its total is).
    const row0 = [...t.cells[0]!, t.rowTotals[0]!].filter((v) => v.kind === 'marker').length;
    expect(row0).toBeGreaterThanOrEqual(3);
  });

  it('holds over random tables: no row or column (totals included) leaves a hidden sum of 1..minCount-1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((R) =>
          fc.integer({ min: 2, max: 5 }).chain((C) =>
            fc.array(
              fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 40 })), {
                minLength: C,
                maxLength: C,
              }),
              { minLength: R, maxLength: R },
            ),
          ),
        ),
        fc.integer({ min: 3, max: 10 }),
        (counts, m) => {
          const t = protectTable(table(counts), { minCount: m });
          expect(recoverableSmallSums(t, counts, m)).toEqual([]);
          // Published values are the true values; every marker carries the same reason.
          const shown = augmented(t);
          const truth = trueAugmented(counts);
          shown.forEach((row, r) =>
            row.forEach((v, c) => {
              if (v.kind === 'count') expect(v.value).toBe(truth[r]![c]);
              else expect([formatValue(v), v.reason]).toEqual(['c', PUBLISHED_REASON]);
            }),
          );
        },
      ),
      { numRuns: 300, seed: 15 },
    );
  });
});
