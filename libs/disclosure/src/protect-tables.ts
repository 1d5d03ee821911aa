import { feasibleRange, type LinearConstraint, type Range } from './feasible-range.js';
import {
  checkCount,
  checkOptions,
  isPrimarySensitive,
  roundCount,
  roundingInterval,
  type DisclosureOptions,
  type PublishedValue,
} from './published-value.js';

export interface TableInput {
  rowKeys: string[];
  colKeys: string[];
  /** counts[r][c]: non-negative integers, one row per row key and one column per column key. */
  counts: number[][];
  /** Publish the totals (row, column, grand) rounded half up to this unit, e.g. 10; cells stay exact. */
  roundTotalsTo?: number;
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
export const CARRIED_REASON = 'suppressed in an earlier version';
export const CHANGE_REASON = 'protects a change between versions';
export const LINKED_REASON = 'suppressed in a linked table';
export const SUM_REASON = 'protects the sum of hidden cells in a line';
/**
 * The one reason every suppressed figure of a published table carries: the reasons above stay in the audit, never in
 * what is published, which would otherwise say which hidden cells are the small ones (issue 15).
 */
export const PUBLISHED_REASON = 'suppressed: a small count, or a figure that would reveal one';

/** A table already published: its true counts (kept by the publisher, never shown) and what was shown. */
export interface PublishedTable {
  counts: number[][];
  published: ProtectedTable;
}

/**
 * What an intruder may combine with the tables:
 * - `same`: one figure appears in two tables (e.g. a category total in the age table and in the council table);
 * - `revision`: `current` is a new version of `previous` (same keys). The change between them is itself sensitive
 *   (a late council's contribution): each small change must stay hidden and undeterminable. When `additive` is true
 *   the intruder is assumed to know that no figure went down (only councils were added).
 */
export type TableLink =
  | { kind: 'same'; a: EntryRef; b: EntryRef }
  | { kind: 'revision'; previous: string; current: string; additive: boolean };

/** An entry of a table's augmented grid: row `R` is the column totals, column `C` the row totals. */
export interface EntryRef {
  table: string;
  row: number;
  col: number;
}

export interface AuditEntry {
  /** `cell` protects a small count; `change` protects a small difference between two versions. */
  kind: 'cell' | 'change';
  table: string;
  row: number;
  col: number;
  /** The range an intruder can narrow the hidden value (or change) down to by solving everything published. */
  range: Range;
  protected: boolean;
}

export interface ProtectionResult {
  tables: Record<string, ProtectedTable>;
  /** Every small count and small change, with the range left to an intruder. */
  audit: AuditEntry[];
}

interface Grid {
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
}

/**
 * Whether an intruder's range leaves a small value protected: the range is at least twice the threshold wide, or it
 * contains the whole small range (1..minCount-1, or its negative for a fall) so nothing is learnt beyond "small".
 */
export function isProtectedRange(range: Range, value: number, minCount: number): boolean {
  if (range.max - range.min >= 2 * minCount) return true;
  const [lo, hi] = value > 0 ? [1, minCount - 1] : [-(minCount - 1), -1];
  return range.min <= lo && range.max >= hi;
}

function augment(counts: number[][], C: number): number[][] {
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
}

function linesOf(g: Grid): [number, number][][] {
  return [
    ...Array.from({ length: g.R + 1 }, (_, r) => Array.from({ length: g.C + 1 }, (_, c) => [r, c] as [number, number])),
    ...Array.from({ length: g.C + 1 }, (_, c) => Array.from({ length: g.R + 1 }, (_, r) => [r, c] as [number, number])),
  ];
}

/** Complement preference: an interior non-zero entry (smallest first), then a non-zero margin, then anything. */
function pickComplement(g: Grid, open: [number, number][], value = (e: [number, number]) => g.truth[e[0]]![e[1]]!) {
  const rank = (e: [number, number]) => {
    const v = Math.abs(value(e));
    return [v === 0 ? 2 : e[0] === g.R || e[1] === g.C ? 1 : 0, v];
  };
  return open
    .map((e, i) => ({ e, key: [...rank(e), i] }))
    .sort((a, b) => a.key[0]! - b.key[0]! || a.key[1]! - b.key[1]! || a.key[2]! - b.key[2]!)[0]?.e;
}

/**
 * Publishes several tables at once, protected jointly: with each other (figures they share), and with what was
 * already published (earlier versions, which cannot change). See `protectTable` for the rules on one table; on top:
 *
 * 1. A figure hidden in one table is hidden wherever else it appears (`same` links).
 * 2. A new version keeps every suppression of the version it revises (carried forward), and hides each figure whose
 *    change from that version is small, with secondary suppression on the table of changes too, so differencing
 *    two versions cannot isolate a late council's small counts.
 * 3. Then an audit solves everything published (all tables, their totals, earlier versions, the links, non-negative
 *    counts) as linear programmes: every hidden small count and every small change must keep a feasible range at
 *    least twice the threshold wide or containing the whole small range. Where one does not, one more entry next to
 *    it is hidden and the audit runs again, until all pass (or nothing is left to hide, reported in `audit`).
 */
export function protectTables(
  inputs: Record<string, TableInput>,
  options: DisclosureOptions,
  context: { published?: Record<string, PublishedTable>; links?: TableLink[] } = {},
): ProtectionResult {
  checkOptions(options);
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
    });
  }
  for (const [id, prior] of Object.entries(context.published ?? {})) {
    if (grids.has(id)) throw new RangeError(`table ${id} is both new and already published`);
    const { published } = prior;
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
    });
  }
  const grid = (id: string) => {
    const g = grids.get(id);
    if (!g) throw new RangeError(`link names an unknown table ${id}`);
    return g;
  };
  const links = context.links ?? [];
  const revisions = links.filter((l) => l.kind === 'revision');
  for (const l of revisions) {
    const [p, c] = [grid(l.previous), grid(l.current)];
    if (c.fixed) throw new RangeError(`revision ${l.current} must be a new table`);
    if (p.R !== c.R || p.C !== c.C || p.rowKeys.join() !== c.rowKeys.join() || p.colKeys.join() !== c.colKeys.join())
      throw new RangeError(`revision ${l.current} does not have the keys of ${l.previous}`);
  }
  const hide = (g: Grid, r: number, c: number, why: string) => {
    if (g.fixed || g.reason[r]![c] !== null) return false;
    g.reason[r]![c] = why;
    return true;
  };
  const hidden = (g: Grid, r: number, c: number) => g.reason[r]![c] !== null;
  /** A figure published rounded: the intruder knows only an interval. */
  const published = (g: Grid, r: number, c: number): PublishedValue => {
    if (g.shown) return g.shown[r]![c]!;
    const v = g.truth[r]![c]!;
    return g.unit !== null && (r === g.R || c === g.C) ? roundCount(v, g.unit) : { kind: 'count', value: v };
  };
  const interval = (g: Grid, r: number, c: number) => (hidden(g, r, c) ? null : roundingInterval(published(g, r, c)));

  // Carry forward and small changes.
  for (const l of revisions) {
    const [p, c] = [grid(l.previous), grid(l.current)];
    for (let r = 0; r <= c.R; r++) {
      for (let k = 0; k <= c.C; k++) {
        if (hidden(p, r, k)) hide(c, r, k, CARRIED_REASON);
        const d = c.truth[r]![k]! - p.truth[r]![k]!;
        if (d !== 0 && Math.abs(d) < m) hide(c, r, k, CHANGE_REASON);
      }
    }
  }

  const settle = () => {
    for (let changed = true; changed;) {
      changed = false;
      for (const g of grids.values()) {
        if (g.fixed) continue;
        for (const line of linesOf(g)) {
          const shut = line.filter(([r, c]) => hidden(g, r, c));
          if (shut.length === 0) continue;
          const open = line.filter(([r, c]) => !hidden(g, r, c));
          if (shut.length === 1) {
            const e = pickComplement(g, open);
            if (e) changed = hide(g, e[0], e[1], SECONDARY_REASON) || changed;
            continue;
          }
          // Several hidden cells under an exact, shown margin: their SUM is the margin minus what is shown. A sum of
          // 1..minCount-1 discloses a small count of the line's hidden cells together (two hidden cells of a row
          // summing to 5): one more is hidden until the sum is 0 or at least the threshold (issue 15).
          const [mr, mc] = line[line.length - 1]!;
          if (hidden(g, mr, mc) || interval(g, mr, mc) !== null) continue;
          const sum = shut.reduce((total, [r, c]) => total + g.truth[r]![c]!, 0);
          if (sum === 0 || sum >= m) continue;
          const e = pickComplement(g, open);
          if (e) changed = hide(g, e[0], e[1], SUM_REASON) || changed;
        }
      }
      // The table of changes: an entry is unknown when hidden in either version.
      for (const l of revisions) {
        const [p, c] = [grid(l.previous), grid(l.current)];
        for (const line of linesOf(c)) {
          const unknown = line.filter(([r, k]) => hidden(p, r, k) || hidden(c, r, k));
          if (unknown.length !== 1) continue;
          const e = pickComplement(
            c,
            line.filter(([r, k]) => !hidden(p, r, k) && !hidden(c, r, k)),
            ([r, k]) => c.truth[r]![k]! - p.truth[r]![k]!,
          );
          if (e) changed = hide(c, e[0], e[1], SECONDARY_REASON) || changed;
        }
      }
      for (const l of links) {
        if (l.kind !== 'same') continue;
        const [ga, gb] = [grid(l.a.table), grid(l.b.table)];
        if (hidden(ga, l.a.row, l.a.col)) changed = hide(gb, l.b.row, l.b.col, LINKED_REASON) || changed;
        if (hidden(gb, l.b.row, l.b.col)) changed = hide(ga, l.a.row, l.a.col, LINKED_REASON) || changed;
      }
    }
  };

  const variable = (g: Grid, r: number, c: number) => `${g.id}\u0000${r}\u0000${c}`;
  /** A term: a known constant or a variable for a hidden entry. */
  const term = (g: Grid, r: number, c: number, coef: number, terms: Map<string, number>): number => {
    if (!hidden(g, r, c) && interval(g, r, c) === null) return coef * g.truth[r]![c]!;
    const name = variable(g, r, c);
    terms.set(name, (terms.get(name) ?? 0) + coef);
    return 0;
  };
  const system = (): LinearConstraint[] => {
    const out: LinearConstraint[] = [];
    const push = (terms: Map<string, number>, known: number, kind: 'eq' | 'ge') => {
      for (const [k, v] of terms) if (v === 0) terms.delete(k);
      if (terms.size > 0) out.push({ terms, kind, constant: -known });
    };
    for (const g of grids.values()) {
      for (let r = 0; r <= g.R; r++) {
        const terms = new Map<string, number>();
        let known = -term(g, r, g.C, 1, terms);
        terms.forEach((v, k) => terms.set(k, -v));
        for (let c = 0; c < g.C; c++) known += term(g, r, c, 1, terms);
        push(terms, known, 'eq');
      }
      for (let c = 0; c <= g.C; c++) {
        const terms = new Map<string, number>();
        let known = -term(g, g.R, c, 1, terms);
        terms.forEach((v, k) => terms.set(k, -v));
        for (let r = 0; r < g.R; r++) known += term(g, r, c, 1, terms);
        push(terms, known, 'eq');
      }
    }
    for (const g of grids.values()) {
      g.truth.forEach((row, r) =>
        row.forEach((_, c) => {
          const known = interval(g, r, c);
          if (!known) return;
          const name = variable(g, r, c);
          out.push({ terms: new Map([[name, 1]]), kind: 'ge', constant: known[0] });
          out.push({ terms: new Map([[name, -1]]), kind: 'ge', constant: -known[1] });
        }),
      );
    }
    for (const l of links) {
      if (l.kind === 'same') {
        const terms = new Map<string, number>();
        const known =
          term(grid(l.a.table), l.a.row, l.a.col, 1, terms) + term(grid(l.b.table), l.b.row, l.b.col, -1, terms);
        push(terms, known, 'eq');
      } else if (l.additive) {
        const [p, c] = [grid(l.previous), grid(l.current)];
        for (let r = 0; r <= c.R; r++) {
          for (let k = 0; k <= c.C; k++) {
            const terms = new Map<string, number>();
            const known = term(c, r, k, 1, terms) + term(p, r, k, -1, terms);
            push(terms, known, 'ge');
          }
        }
      }
    }
    return out;
  };

  const targets: { kind: 'cell' | 'change'; g: Grid; prev?: Grid; r: number; c: number; value: number }[] = [];
  for (const g of grids.values()) {
    g.truth.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v > 0 && v < m) targets.push({ kind: 'cell', g, r, c, value: v });
      }),
    );
  }
  for (const l of revisions) {
    const [p, c] = [grid(l.previous), grid(l.current)];
    c.truth.forEach((row, r) =>
      row.forEach((v, k) => {
        const d = v - p.truth[r]![k]!;
        if (d !== 0 && Math.abs(d) < m) targets.push({ kind: 'change', g: c, prev: p, r, c: k, value: d });
      }),
    );
  }
  /** The new table where more can be hidden to protect a target in `g` (itself, or the revision of a fixed one). */
  const repairable = (g: Grid): Grid | undefined => {
    if (!g.fixed) return g;
    const next = revisions.find((l) => l.previous === g.id);
    return next ? grid(next.current) : undefined;
  };

  let audit: AuditEntry[] = [];
  // Hiding more only relaxes the intruder's system, so a target once protected stays protected: not solved again.
  const settled = new Map<number, AuditEntry>();
  for (let round = 0; ; round++) {
    settle();
    const constraints = system();
    audit = targets.map((t, i) => {
      const done = settled.get(i);
      if (done) return done;
      const terms = new Map<string, number>();
      let constant = term(t.g, t.r, t.c, 1, terms);
      if (t.prev) constant += term(t.prev, t.r, t.c, -1, terms);
      for (const [k, v] of terms) if (v === 0) terms.delete(k);
      const range =
        terms.size === 0 ? { min: constant, max: constant } : feasibleRange(constraints, { terms, constant });
      const entry = {
        kind: t.kind,
        table: t.g.id,
        row: t.r,
        col: t.c,
        range,
        protected: isProtectedRange(range, t.value, m),
      };
      if (entry.protected) settled.set(i, entry);
      return entry;
    });
    let repaired = false;
    // One more hidden entry next to each target that failed, then settle and audit again.
    audit.forEach((a, i) => {
      if (a.protected) return;
      const target = targets[i]!;
      const g = repairable(target.g);
      if (!g) return;
      const { r, c } = target;
      if (hide(g, r, c, SECONDARY_REASON)) {
        repaired = true;
        return;
      }
      const near = [
        ...Array.from({ length: g.C + 1 }, (_, k) => [r, k] as [number, number]),
        ...Array.from({ length: g.R + 1 }, (_, k) => [k, c] as [number, number]),
      ].filter(([x, y]) => !hidden(g, x, y));
      const anywhere = g.truth
        .flatMap((row, x) => row.map((_, y) => [x, y] as [number, number]))
        .filter(([x, y]) => !hidden(g, x, y));
      const e = pickComplement(g, near) ?? pickComplement(g, anywhere);
      if (e) repaired = hide(g, e[0], e[1], SECONDARY_REASON) || repaired;
    });
    if (!repaired || round > 10_000) break;
  }

  const tables: Record<string, ProtectedTable> = {};
  for (const g of grids.values()) {
    if (g.fixed) continue;
    const publish = (r: number, c: number): PublishedValue => {
      const why = g.reason[r]![c];
      return why === null ? published(g, r, c) : { kind: 'marker', marker: 'c', reason: PUBLISHED_REASON };
    };
    tables[g.id] = {
      rowKeys: g.rowKeys,
      colKeys: g.colKeys,
      cells: Array.from({ length: g.R }, (_, r) => Array.from({ length: g.C }, (_, c) => publish(r, c))),
      rowTotals: Array.from({ length: g.R }, (_, r) => publish(r, g.C)),
      colTotals: Array.from({ length: g.C }, (_, c) => publish(g.R, c)),
      grandTotal: publish(g.R, g.C),
    };
  }
  return { tables, audit };
}
