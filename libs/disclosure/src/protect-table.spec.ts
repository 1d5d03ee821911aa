import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formatValue, protectCount, type PublishedValue } from './published-value.js';
import { protectTable, PUBLISHED_REASON, type ProtectedTable } from './protect-table.js';
import { augmented, counts as countsOf, table, tablesAndThreshold, trueAugmented } from './test/tables.js';
const show = (t: ProtectedTable) => [
  ...t.cells.map((row, r) => [...row.map(formatValue), formatValue(t.rowTotals[r]!)].join(' ')),
  [...t.colTotals.map(formatValue), formatValue(t.grandTotal)].join(' '),
];

describe('protectTable', () => {
  it('hides a small cell and, by complement, enough of its row and column that subtraction cannot recover it', () => {
    // 3 is below 6: hidden. Its row and column then need a second hidden entry each (the smallest non-zero cells),
    // and the crossing cell closes the rectangle.
    const t = protectTable(
      table([
        [3, 10],
        [20, 30],
      ]),
      { minCount: 6 },
    );
    expect(show(t)).toEqual(['c c 13', 'c c 50', '23 40 63']);
    // One marker and one reason for every suppressed cell: what is published never says which hidden cell is small.
    expect(t.cells[0]![1]).toEqual({ kind: 'marker', marker: 'c', reason: PUBLISHED_REASON });
    expect(t.cells[0]![0]).toEqual({ kind: 'marker', marker: 'c', reason: PUBLISHED_REASON });
  });

  // prettier-ignore
  it.each<[string, number[][], string[]]>([
    [
      'publishes everything when nothing is small, and a true zero as 0',
      [[0, 10], [7, 30]],
      ['0 10 10', '7 30 37', '7 40 47'],
    ],
    [
      'keeps zeros as 0 and does not use them as complements (hiding a zero protects nothing)',
      [[2, 0, 9], [0, 0, 8]],
      ['c 0 c 11', '0 0 8 8', 'c 0 c 19'],
    ],
    // The 4 is alone in its row and column; its row total and column total (both 4) are small themselves.
    ['hides a total when no cell in its line can be a complement', [[4, 0], [0, 0]], ['c 0 c', '0 0 0', 'c 0 c']],
    ['publishes an all-zero table as zeros', [[0, 0], [0, 0]], ['0 0 0', '0 0 0', '0 0 0']],
  ])('%s', (_name, counts, published) => {
    expect(show(protectTable(table(counts), { minCount: 6 }))).toEqual(published);
  });

  it('can hide zeros when asked', () => {
    const hidden = protectTable(
      table([
        [0, 12],
        [9, 30],
      ]),
      { minCount: 6, suppressZeros: true },
    );
    expect(formatValue(hidden.cells[0]![0]!)).toBe('c');
  });

  it('refuses malformed input with a message naming the problem', () => {
    expect(() => protectTable(table([[1.5]]), { minCount: 6 })).toThrow(
      /cell r0\/c0: a count must be a non-negative integer/,
    );
    expect(() => protectTable(table([[-1]]), { minCount: 6 })).toThrow(RangeError);
    expect(() => protectTable(table([[Number.NaN]]), { minCount: 6 })).toThrow(RangeError);
    expect(() => protectTable({ rowKeys: ['a'], colKeys: ['x', 'y'], counts: [[1]] }, { minCount: 6 })).toThrow(
      /row a has 1 counts but there are 2 column keys/,
    );
    expect(() => protectTable({ rowKeys: ['a', 'b'], colKeys: ['x'], counts: [[1]] }, { minCount: 6 })).toThrow(
      /2 row keys/,
    );
    expect(() => protectTable(table([[1]]), { minCount: 0 })).toThrow(/minCount/);
  });

  it('is deterministic', () => {
    const input = table([
      [1, 2, 9, 9],
      [9, 9, 1, 40],
      [3, 7, 7, 7],
    ]);
    expect(protectTable(input, { minCount: 6 })).toEqual(protectTable(input, { minCount: 6 }));
  });
});

describe('protectTable properties', () => {
  const tables = tablesAndThreshold(7, 6, 30, { min: 3, max: 10 });

  it('publishes only true values, hides every small one, and leaves no line with a single hidden entry', () => {
    fc.assert(
      fc.property(tables, ({ counts, minCount }) => {
        const published = augmented(protectTable(table(counts), { minCount }));
        const truth = trueAugmented(counts);
        truth.forEach((row, r) =>
          row.forEach((v, c) => {
            const p = published[r]![c]!;
            if (p.kind === 'count') expect(p.value).toBe(v);
            if (v > 0 && v < minCount) expect(p.kind).toBe('marker');
          }),
        );
        const lines = [...published, ...published[0]!.map((_, c) => published.map((row) => row[c]!))];
        for (const line of lines) {
          const hidden = line.filter((p) => p.kind === 'marker').length;
          if (line.length > 1) expect(hidden === 0 || hidden >= 2).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  /**
   * The attack itself: an intruder knows every published figure, that counts are non-negative integers and that
   * the margins are sums. Enumerate every filling of the hidden entries consistent with that; each hidden small
   * cell must have at least two possible values.
   */
  function feasibleValues(published: PublishedValue[][], bound: number): Map<string, Set<number>> {
    const R = published.length - 1;
    const C = published[0]!.length - 1;
    const known = (r: number, c: number) => {
      const p = published[r]![c]!;
      return p.kind === 'count' ? p.value : null;
    };
    const values = new Map<string, Set<number>>();
    const fill = Array.from({ length: R }, () => Array.from({ length: C }, () => 0));
    const rowSum = Array.from({ length: R }, () => 0);
    const colSum = Array.from({ length: C }, () => 0);
    const limit = (k: number | null) => (k === null ? bound : k);
    const visit = (i: number, grand: number): void => {
      if (i === R * C) {
        for (let r = 0; r < R; r++) if (known(r, C) !== null && known(r, C) !== rowSum[r]) return;
        for (let c = 0; c < C; c++) if (known(R, c) !== null && known(R, c) !== colSum[c]) return;
        if (known(R, C) !== null && known(R, C) !== grand) return;
        for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) add(`${r}/${c}`, fill[r]![c]!);
        for (let r = 0; r < R; r++) add(`${r}/${C}`, rowSum[r]!);
        for (let c = 0; c < C; c++) add(`${R}/${c}`, colSum[c]!);
        add(`${R}/${C}`, grand);
        return;
      }
      const r = Math.floor(i / C);
      const c = i % C;
      const fixed = known(r, c);
      const max = Math.min(
        limit(known(r, C)) - rowSum[r]!,
        limit(known(R, c)) - colSum[c]!,
        limit(known(R, C)) - grand,
      );
      const lastInRow = c === C - 1 && known(r, C) !== null;
      for (let v = fixed ?? 0; v <= (fixed ?? max); v++) {
        if (lastInRow && rowSum[r]! + v !== known(r, C)) continue;
        fill[r]![c] = v;
        rowSum[r]! += v;
        colSum[c]! += v;
        visit(i + 1, grand + v);
        rowSum[r]! -= v;
        colSum[c]! -= v;
      }
    };
    const add = (key: string, v: number) => values.set(key, (values.get(key) ?? new Set()).add(v));
    visit(0, 0);
    return values;
  }

  it('leaves every hidden small count undetermined to an intruder who solves the published table', () => {
    const small = fc
      .record({ rows: fc.integer({ min: 1, max: 3 }), cols: fc.integer({ min: 2, max: 3 }) })
      .filter(({ rows, cols }) => rows * cols <= 6)
      .chain(({ rows, cols }) =>
        fc.record({
          counts: countsOf(rows, cols, 7),
          minCount: fc.integer({ min: 3, max: 5 }),
        }),
      );
    fc.assert(
      fc.property(small, ({ counts, minCount }) => {
        const published = augmented(protectTable(table(counts), { minCount }));
        const truth = trueAugmented(counts);
        const bound = truth.at(-1)!.at(-1)! + minCount;
        const feasible = feasibleValues(published, bound);
        truth.forEach((row, r) =>
          row.forEach((v, c) => {
            if (v > 0 && v < minCount) {
              const options = feasible.get(`${r}/${c}`)!;
              expect(options.has(v)).toBe(true); // the truth is among the solutions (the solver is right)
              expect({ at: `${r}/${c}`, count: v, solutions: options.size > 1 }).toEqual({
                at: `${r}/${c}`,
                count: v,
                solutions: true,
              });
            }
          }),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('protectCount and formatValue', () => {
  it('hides a lone small count and shows markers by their symbol', () => {
    expect(protectCount(4, { minCount: 6 })).toEqual({ kind: 'marker', marker: 'c', reason: 'fewer than 6' });
    expect(protectCount(0, { minCount: 6 })).toEqual({ kind: 'count', value: 0 });
    expect(protectCount(6, { minCount: 6 })).toEqual({ kind: 'count', value: 6 });
    expect(formatValue({ kind: 'marker', marker: 'z', reason: 'not applicable' })).toBe('z');
    expect(formatValue({ kind: 'count', value: 12 })).toBe('12');
    expect(() => protectCount(-2, { minCount: 6 })).toThrow(RangeError);
  });
});
