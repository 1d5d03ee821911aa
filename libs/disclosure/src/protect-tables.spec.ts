import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Range } from './feasible-range.js';
import { Intruder } from './intruder.js';
import { protectTable } from './protect-table.js';
import { protectTables, type ProtectedTable } from './protect-tables.js';
import { augmented, counts, sizedCases, table, tablesAndThreshold, trueAugmented } from './test/tables.js';
import type { PublishedValue } from './published-value.js';

/** The requirement, stated on its own: at least twice the threshold wide, or containing the whole small range. */
function safe(range: Range, value: number, minCount: number): boolean {
  const small = value > 0 ? [1, minCount - 1] : [-(minCount - 1), -1];
  return range.max - range.min >= 2 * minCount || (range.min <= small[0]! && range.max >= small[1]!);
}

/** Each small count of `counts`, published as table `id`, lies in its feasible range to the intruder, a safe one. */
function expectSmallCountsSafe(intruder: Intruder, id: string, counts: number[][], minCount: number): void {
  trueAugmented(counts).forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === 0 || v >= minCount) return;
      const range = intruder.range(id, r, c);
      expect(range.min <= v && v <= range.max).toBe(true);
      expect({ id, at: `${r}/${c}`, v, range, safe: safe(range, v, minCount) }).toMatchObject({ safe: true });
    }),
  );
}

describe('feasibleRange (the solver the attacks use)', () => {
  it('agrees with enumerating every non-negative integer filling of a published table', () => {
    const cases = sizedCases(3, 3, (rows, cols) =>
      fc.record({
        counts: counts(rows, cols, 4),
        hide: fc.uniqueArray(
          fc.record({ r: fc.integer({ min: 0, max: rows }), c: fc.integer({ min: 0, max: cols }) }),
          { minLength: 1, maxLength: 3, selector: (e) => `${e.r}/${e.c}` },
        ),
      }),
    );
    fc.assert(
      fc.property(cases, ({ counts: cs, hide }) => {
        const truth = trueAugmented(cs);
        const grid = truth.map((row, r) =>
          row.map((v, c): PublishedValue =>
            hide.some((h) => h.r === r && h.c === c)
              ? { kind: 'marker', marker: 'c', reason: 'test' }
              : { kind: 'count', value: v },
          ),
        );
        const intruder = new Intruder().see('t', grid);
        const bound = truth.at(-1)!.at(-1)! + 3;
        // Enumerate every assignment of the hidden entries in 0..bound and keep those consistent.
        const R = truth.length - 1;
        const C = truth[0]!.length - 1;
        const found = hide.map(() => ({ min: Infinity, max: -Infinity }));
        const value = truth.map((row) => [...row]);
        const visit = (i: number) => {
          if (i === hide.length) {
            for (let r = 0; r <= R; r++) if (value[r]!.slice(0, C).reduce((a, b) => a + b, 0) !== value[r]![C]) return;
            for (let c = 0; c <= C; c++)
              if (value.slice(0, R).reduce((a, row) => a + row[c]!, 0) !== value[R]![c]) return;
            hide.forEach((h, k) => {
              found[k]!.min = Math.min(found[k]!.min, value[h.r]![h.c]!);
              found[k]!.max = Math.max(found[k]!.max, value[h.r]![h.c]!);
            });
            return;
          }
          for (let v = 0; v <= bound; v++) {
            value[hide[i]!.r]![hide[i]!.c] = v;
            visit(i + 1);
          }
        };
        visit(0);
        hide.forEach((h, k) => {
          const range = intruder.range('t', h.r, h.c);
          expect(range.min).toBe(found[k]!.min);
          if (Number.isFinite(range.max)) expect(range.max).toBe(found[k]!.max);
          // Unbounded: only the enumeration's cap stops it, far above anything a published figure could bound it by.
          else expect(found[k]!.max).toBeGreaterThan(truth.at(-1)!.at(-1)!);
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('protectTable against the solving intruder', () => {
  it('leaves every hidden small count a feasible range at least twice the threshold wide or covering 1..minCount-1', () => {
    const cases = tablesAndThreshold(6, 6, 30, { min: 3, max: 10 });
    fc.assert(
      fc.property(cases, ({ counts: cs, minCount }) => {
        const published = augmented(protectTable(table(cs), { minCount }));
        expectSmallCountsSafe(new Intruder().see('t', published), 't', cs, minCount);
      }),
      { numRuns: 300 },
    );
  });
});

describe('protectTables: successive versions', () => {
  /** v1 published; then a late council's counts (small, non-negative) added: v2 = v1 + late. */
  const revisions = sizedCases(5, 5, (rows, cols) =>
    fc.record({
      first: counts(rows, cols, 40),
      late: fc.array(counts(rows, cols, 7), { minLength: 1, maxLength: 3 }),
      minCount: fc.integer({ min: 3, max: 8 }),
    }),
  );

  it('keeps every small count and every small change between versions undetermined, over a chain of versions', () => {
    fc.assert(
      fc.property(revisions, ({ first, late, minCount }) => {
        const truths = [first];
        for (const add of late) truths.push(truths.at(-1)!.map((row, r) => row.map((v, c) => v + add[r]![c]!)));
        const published: ProtectedTable[] = [protectTable(table(first), { minCount })];
        for (let v = 1; v < truths.length; v++) {
          const result = protectTables(
            { [`v${v}`]: table(truths[v]!) },
            { minCount },
            {
              published: { [`v${v - 1}`]: { counts: truths[v - 1]!, published: published[v - 1]! } },
              links: [{ kind: 'revision', previous: `v${v - 1}`, current: `v${v}`, additive: true }],
            },
          );
          published.push(result.tables[`v${v}`]!);
        }
        const intruder = new Intruder();
        published.forEach((p, v) => {
          intruder.see(`v${v}`, augmented(p));
          if (v > 0) intruder.additive(`v${v - 1}`, `v${v}`);
        });
        const grids = truths.map(trueAugmented);
        grids.forEach((grid, v) => {
          grid.forEach((row, r) =>
            row.forEach((x, c) => {
              // Carried forward: what was hidden stays hidden.
              if (v > 0 && augmented(published[v - 1]!)[r]![c]!.kind === 'marker')
                expect(augmented(published[v]!)[r]![c]!.kind).toBe('marker');
              if (x > 0 && x < minCount) {
                const range = intruder.range(`v${v}`, r, c);
                expect({ v, at: `${r}/${c}`, x, range, safe: safe(range, x, minCount) }).toMatchObject({ safe: true });
              }
              // Every pair of versions, not only neighbours.
              for (let w = 0; w < v; w++) {
                const d = x - grids[w]![r]![c]!;
                if (d === 0 || Math.abs(d) >= minCount) continue;
                const range = intruder.range(`v${v}`, r, c, `v${w}`);
                expect(range.min <= d && d <= range.max).toBe(true);
                expect({
                  change: `v${w}->v${v}`,
                  at: `${r}/${c}`,
                  d,
                  range,
                  safe: safe(range, d, minCount),
                }).toMatchObject({ safe: true });
              }
            }),
          );
        });
      }),
      { numRuns: 80 },
    );
  });

  it("is needed: publishing each version on its own lets differencing reveal a late council's small count", () => {
    const v1 = [
      [20, 30],
      [40, 50],
    ];
    const v2 = [
      [23, 30],
      [40, 50],
    ];
    const naive = new Intruder()
      .see('v1', augmented(protectTable(table(v1), { minCount: 6 })))
      .see('v2', augmented(protectTable(table(v2), { minCount: 6 })));
    expect(naive.range('v2', 0, 0, 'v1')).toEqual({ min: 3, max: 3 });

    const first = protectTable(table(v1), { minCount: 6 });
    const { tables, audit } = protectTables(
      { v2: table(v2) },
      { minCount: 6 },
      {
        published: { v1: { counts: v1, published: first } },
        links: [{ kind: 'revision', previous: 'v1', current: 'v2', additive: true }],
      },
    );
    const joint = new Intruder().see('v1', augmented(first)).see('v2', augmented(tables['v2']!)).additive('v1', 'v2');
    expect(safe(joint.range('v2', 0, 0, 'v1'), 3, 6)).toBe(true);
    expect(audit.filter((a) => a.kind === 'change').every((a) => a.protected)).toBe(true);
  });
});

describe('protectTables: tables that share totals', () => {
  it('protects an age table and a council table whose category totals are the same figures', () => {
    // ages: category x age band; councils: council x category. The councils' column totals are the age table's row
    // totals, and the grand totals agree.
    const cases = fc
      .record({
        categories: fc.integer({ min: 1, max: 4 }),
        ages: fc.integer({ min: 1, max: 4 }),
        councils: fc.integer({ min: 1, max: 3 }),
      })
      .chain(({ categories, ages, councils }) =>
        fc.record({
          byCouncil: fc.array(counts(categories, ages, 12), { minLength: councils, maxLength: councils }),
          minCount: fc.integer({ min: 3, max: 6 }),
        }),
      );
    fc.assert(
      fc.property(cases, ({ byCouncil, minCount }) => {
        const K = byCouncil[0]!.length;
        const A = byCouncil[0]![0]!.length;
        const ages = Array.from({ length: K }, (_, k) =>
          Array.from({ length: A }, (_, a) => byCouncil.reduce((s, t) => s + t[k]![a]!, 0)),
        );
        const councils = byCouncil.map((t) => t.map((row) => row.reduce((s, v) => s + v, 0)));
        const links = [
          ...Array.from({ length: K }, (_, k) => ({
            kind: 'same' as const,
            a: { table: 'ages', row: k, col: A },
            b: { table: 'councils', row: byCouncil.length, col: k },
          })),
          {
            kind: 'same' as const,
            a: { table: 'ages', row: K, col: A },
            b: { table: 'councils', row: byCouncil.length, col: K },
          },
        ];
        const { tables } = protectTables({ ages: table(ages), councils: table(councils) }, { minCount }, { links });
        const intruder = new Intruder()
          .see('ages', augmented(tables['ages']!))
          .see('councils', augmented(tables['councils']!));
        for (let k = 0; k <= K; k++) {
          intruder.same(['ages', k, A], ['councils', byCouncil.length, k]);
        }
        expectSmallCountsSafe(intruder, 'ages', ages, minCount);
        expectSmallCountsSafe(intruder, 'councils', councils, minCount);
      }),
      { numRuns: 150 },
    );
  });
});

describe('protectTables: totals rounded to the nearest 10', () => {
  it('rounds totals half up (k when a non-zero total rounds to zero), keeps cells exact, and stays safe', () => {
    const cases = tablesAndThreshold(5, 5, 25, { min: 2, max: 7 });
    fc.assert(
      fc.property(cases, ({ counts: cs, minCount }) => {
        const { tables, audit } = protectTables({ t: { ...table(cs), roundTotalsTo: 10 } }, { minCount });
        expect(audit.every((a) => a.protected)).toBe(true);
        const shown = augmented(tables['t']!);
        const truth = trueAugmented(cs);
        const R = cs.length;
        const C = cs[0]!.length;
        truth.forEach((row, r) =>
          row.forEach((v, c) => {
            const p = shown[r]![c]!;
            const margin = r === R || c === C;
            if (p.kind === 'count') expect(p.value).toBe(margin ? Math.floor((v + 5) / 10) * 10 : v);
            if (p.kind === 'marker' && p.marker === 'k') expect(margin && v > 0 && v < 5).toBe(true);
          }),
        );
        expectSmallCountsSafe(new Intruder().see('t', shown), 't', cs, minCount);
      }),
      { numRuns: 150 },
    );
    const k = protectTables({ t: { ...table([[3, 0]]), roundTotalsTo: 10 } }, { minCount: 3 }).tables['t']!;
    expect(k.rowTotals[0]).toMatchObject({ kind: 'marker', marker: 'k' });
    expect(k.cells[0]![0]).toEqual({ kind: 'count', value: 3 });
  });
});
