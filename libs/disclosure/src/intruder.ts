import { feasibleRange, type LinearConstraint, type Range } from './feasible-range.js';
import type { ProtectedTable } from './protect-tables.js';
import { roundingInterval, type PublishedValue } from './published-value.js';

/** A published table as its augmented grid: cells with row totals last, then the column totals and grand total. */
export function augmentedGrid(t: ProtectedTable): PublishedValue[][] {
  return [...t.cells.map((row, r) => [...row, t.rowTotals[r]!]), [...t.colTotals, t.grandTotal]];
}

/**
 * An intruder, written independently of the library's own audit (for tests, and to audit what was published):
 * every published figure of every table is known,
 * every row and column of each augmented grid sums to its margin, counts are non-negative, `same` pairs are equal,
 * and (for additive revisions) no figure went down from one version to the next.
 */
export class Intruder {
  readonly constraints: LinearConstraint[] = [];
  private readonly grids = new Map<string, PublishedValue[][]>();

  see(id: string, grid: PublishedValue[][]): this {
    this.grids.set(id, grid);
    const R = grid.length - 1;
    const C = grid[0]!.length - 1;
    for (let r = 0; r <= R; r++) this.line(id, [...Array.from({ length: C }, (_, c) => [r, c, 1]), [r, C, -1]]);
    for (let c = 0; c <= C; c++) this.line(id, [...Array.from({ length: R }, (_, r) => [r, c, 1]), [R, c, -1]]);
    return this;
  }

  /**
   * Knows its own part of every entry of a table (a member council's own figures, as an augmented grid): no hidden
   * entry is below it, since the other members' counts are non-negative. `range(...).min - own` then bounds the rest.
   */
  knows(id: string, own: number[][]): this {
    own.forEach((row, r) =>
      row.forEach((v, c) => {
        const terms = new Map<string, number>();
        const constant = this.term(id, r, c, 1, terms);
        if (terms.size > 0) this.constraints.push({ terms, kind: 'ge', constant: v - constant });
      }),
    );
    return this;
  }

  /** Knows that no entry of `next` is below the same entry of `previous`. */
  additive(previous: string, next: string): this {
    const grid = this.grids.get(next)!;
    grid.forEach((row, r) =>
      row.forEach((_, c) => {
        const terms = new Map<string, number>();
        const constant = this.term(next, r, c, 1, terms) + this.term(previous, r, c, -1, terms);
        if (terms.size > 0) this.constraints.push({ terms, kind: 'ge', constant: -constant });
      }),
    );
    return this;
  }

  same(a: [string, number, number], b: [string, number, number]): this {
    const terms = new Map<string, number>();
    const constant = this.term(...a, 1, terms) + this.term(...b, -1, terms);
    if (terms.size > 0) this.constraints.push({ terms, kind: 'eq', constant: -constant });
    else if (constant !== 0) throw new Error('the two figures are published and differ');
    return this;
  }

  /** The range of one entry, or of the difference between two versions' entries. */
  range(id: string, r: number, c: number, minus?: string): Range {
    const terms = new Map<string, number>();
    let constant = this.term(id, r, c, 1, terms);
    if (minus) constant += this.term(minus, r, c, -1, terms);
    return terms.size === 0 ? { min: constant, max: constant } : feasibleRange(this.constraints, { terms, constant });
  }

  private line(id: string, entries: number[][]) {
    const terms = new Map<string, number>();
    let constant = 0;
    for (const [r, c, coef] of entries) constant += this.term(id, r!, c!, coef!, terms);
    if (terms.size > 0) this.constraints.push({ terms, kind: 'eq', constant: -constant });
  }

  private readonly bounded = new Set<string>();

  private term(id: string, r: number, c: number, coef: number, terms: Map<string, number>): number {
    const p = this.grids.get(id)![r]![c]!;
    if (p.kind === 'count' && p.roundedTo === undefined) return coef * p.value;
    const name = `${id}/${r}/${c}`;
    terms.set(name, (terms.get(name) ?? 0) + coef);
    const known = roundingInterval(p); // a rounded figure (or `k`): only the interval it stands for
    if (known && !this.bounded.has(name)) {
      this.bounded.add(name);
      this.constraints.push({ terms: new Map([[name, 1]]), kind: 'ge', constant: known[0] });
      this.constraints.push({ terms: new Map([[name, -1]]), kind: 'ge', constant: -known[1] });
    }
    return 0;
  }
}
