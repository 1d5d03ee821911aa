import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Range } from './feasible-range.js';
import { Intruder, augmentedGrid } from './intruder.js';
import { augment } from './member-knowledge.js';
import { protectTables, type TableInput, type TableLink } from './protect-tables.js';

/** The requirement, stated on its own: at least twice the threshold wide, or containing the whole small range. */
function safe(range: Range, minCount: number): boolean {
  return range.max - range.min >= 2 * minCount || (range.min <= 1 && range.max >= minCount - 1);
}

const keys = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);

/**
 * A region: each member's own category x age table. Published: the age table (their sum) and the council table
 * (council x category), whose category totals are the same figures.
 */
function region(byCouncil: number[][][]) {
  const members = keys(byCouncil.length, 'la');
  const K = byCouncil[0]!.length;
  const A = byCouncil[0]![0]!.length;
  const ages = Array.from({ length: K }, (_, k) =>
    Array.from({ length: A }, (_, a) => byCouncil.reduce((s, t) => s + t[k]![a]!, 0)),
  );
  const rowSums = byCouncil.map((t) => t.map((row) => row.reduce((s, v) => s + v, 0)));
  const ownAges = Object.fromEntries(members.map((m, i) => [m, byCouncil[i]!]));
  // In the council table a member's own figures are its own row.
  const ownCouncils = Object.fromEntries(
    members.map((m, i) => [m, rowSums.map((row, j) => row.map((v) => (i === j ? v : 0)))]),
  );
  const inputs: Record<string, TableInput> = {
    ages: { rowKeys: keys(K, 'k'), colKeys: keys(A, 'a'), counts: ages, contributions: ownAges },
    councils: { rowKeys: members, colKeys: keys(K, 'k'), counts: rowSums, contributions: ownCouncils },
  };
  const links: TableLink[] = Array.from({ length: K + 1 }, (_, k) => ({
    kind: 'same',
    a: { table: 'ages', row: k, col: A },
    b: { table: 'councils', row: members.length, col: k },
  }));
  return { members, inputs, links, K, A };
}

/** Regions of 2 to `maxCouncils` councils, each a table of 1 to 3 categories by 1 to 3 age bands of counts 0 to 8. */
const regions = (maxCouncils: number) =>
  fc
    .record({
      councils: fc.integer({ min: 2, max: maxCouncils }),
      categories: fc.integer({ min: 1, max: 3 }),
      ages: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ councils, categories, ages }) =>
      fc.record({
        councils: fc.constant(councils),
        byCouncil: fc.array(
          fc.array(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: ages, maxLength: ages }), {
            minLength: categories,
            maxLength: categories,
          }),
          { minLength: councils, maxLength: councils },
        ),
      }),
    );

describe('protectTables: every member council is an intruder who knows its own figures', () => {
  it("hides a regional figure when the region minus one member's figure is small (issue 15's fostering 16-plus)", () => {
    // Fostering 16-plus: 10 in the region, 5 of them Staffordshire's, so the other 5 are Stoke's.
    const { inputs, links } = region([[[5, 20]], [[5, 30]]]);
    const { tables, audit } = protectTables(inputs, { minCount: 6 }, { links });
    expect(tables['ages']!.cells[0]![0]).toMatchObject({ kind: 'marker', marker: 'c' });
    // And the audit shows each member is left a range covering the small range.
    const member = audit.filter((a) => a.intruder && a.table === 'ages' && a.row === 0 && a.col === 0);
    expect(member.map((a) => a.intruder)).toEqual([['la0'], ['la1']]);
    expect(member.every((a) => a.protected)).toBe(true);
  });

  it('refuses contributions that do not add up to the table, or are not counts', () => {
    const base = { rowKeys: ['k0'], colKeys: ['a0'], counts: [[7]] };
    expect(() => protectTables({ t: { ...base, contributions: { x: [[3]], y: [[3]] } } }, { minCount: 6 })).toThrow(
      /contributions to cell 0\/0 sum to 6, not 7/,
    );
    expect(() =>
      protectTables({ t: { ...base, contributions: { x: [[7.5]], y: [[-0.5]] } } }, { minCount: 6 }),
    ).toThrow(/member x cell 0\/0: a count must be a non-negative integer/);
    expect(() => protectTables({ t: { ...base, contributions: { x: [[7, 0]] } } }, { minCount: 6 })).toThrow(
      /member x row 0 has 2 contributions/,
    );
  });

  it('leaves no member able to pin the rest of the region (another member, or the others together) to a small count', () => {
    const cases = regions(6).chain(({ byCouncil }) =>
      fc.record({ byCouncil: fc.constant(byCouncil), minCount: fc.integer({ min: 3, max: 6 }) }),
    );
    fc.assert(
      fc.property(cases, ({ byCouncil, minCount }) => {
        const { members, inputs, links, K, A } = region(byCouncil);
        const { tables } = protectTables(inputs, { minCount }, { links });
        for (const member of members) {
          // The member sees everything published, and knows its own figures in both tables.
          const intruder = new Intruder().see('ages', augmentedGrid(tables['ages']!));
          intruder.see('councils', augmentedGrid(tables['councils']!));
          for (let k = 0; k <= K; k++) intruder.same(['ages', k, A], ['councils', members.length, k]);
          const own: Record<string, number[][]> = {};
          for (const id of ['ages', 'councils']) {
            const input = inputs[id]!;
            own[id] = augment(input.contributions![member]!, input.colKeys.length);
            intruder.knows(id, own[id]);
          }
          for (const id of ['ages', 'councils']) {
            const input = inputs[id]!;
            augment(input.counts, input.colKeys.length).forEach((row, r) =>
              row.forEach((x, c) => {
                const mine = own[id]![r]![c]!;
                const rest = x - mine;
                if (rest === 0 || rest >= minCount) return;
                const seen = intruder.range(id, r, c);
                const range = { min: seen.min - mine, max: seen.max - mine };
                expect({ member, id, at: `${r}/${c}`, rest, range, safe: safe(range, minCount) }).toMatchObject({
                  safe: true,
                });
              }),
            );
          }
        }
      }),
      { numRuns: 80, seed: 20261206 },
    );
  });

  it('leaves no member able to pin the rest of a small change between versions (councils arriving late together)', () => {
    let attacked = 0;
    const cases = regions(4).chain(({ councils, byCouncil }) =>
      fc.record({
        byCouncil: fc.constant(byCouncil),
        early: fc.integer({ min: 1, max: councils - 1 }),
        minCount: fc.integer({ min: 3, max: 6 }),
      }),
    );
    fc.assert(
      fc.property(cases, ({ byCouncil, early, minCount }) => {
        // Version 0: the early members only (the late ones count zero); version 1: every member.
        const v0 = region(byCouncil.map((t, i) => (i < early ? t : t.map((row) => row.map(() => 0)))));
        const v1 = region(byCouncil);
        const first = protectTables({ ages: v0.inputs['ages']! }, { minCount }).tables['ages']!;
        const input0 = v0.inputs['ages']!;
        const { tables } = protectTables(
          { ages: v1.inputs['ages']! },
          { minCount },
          {
            published: {
              before: { counts: input0.counts, published: first, contributions: input0.contributions! },
            },
            links: [{ kind: 'revision', previous: 'before', current: 'ages', additive: true }],
          },
        );
        const C = v1.A;
        for (const member of v1.members) {
          const intruder = new Intruder()
            .see('before', augmentedGrid(first))
            .see('ages', augmentedGrid(tables['ages']!));
          intruder.additive('before', 'ages');
          const own0 = augment(input0.contributions![member]!, C);
          const own1 = augment(v1.inputs['ages']!.contributions![member]!, C);
          intruder.knows('before', own0).knows('ages', own1);
          const [t0, t1] = [augment(input0.counts, C), augment(v1.inputs['ages']!.counts, C)];
          t1.forEach((row, r) =>
            row.forEach((x, c) => {
              const rest = x - own1[r]![c]! - (t0[r]![c]! - own0[r]![c]!);
              if (rest === 0 || Math.abs(rest) >= minCount) return;
              const mine = own1[r]![c]! - own0[r]![c]!;
              const seen = intruder.range('ages', r, c, 'before');
              const range = { min: seen.min - mine, max: seen.max - mine };
              const ok = range.max - range.min >= 2 * minCount || (range.min <= 1 && range.max >= minCount - 1);
              attacked++;
              expect({ member, at: `${r}/${c}`, rest, range, ok }).toMatchObject({ ok: true });
            }),
          );
        }
      }),
      { numRuns: 80, seed: 20261207 },
    );
    expect(attacked).toBeGreaterThan(0); // small changes were attacked: the property is not vacuous
  });
});
