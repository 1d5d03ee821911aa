import { feasibleRange, type LinearConstraint, type Range } from './feasible-range.js';
import {
  augment,
  checkContributions,
  coalitionGrid,
  coalitions,
  DEFAULT_COALITION_SIZE,
  type Contributions,
} from './member-knowledge.js';
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
  /**
   * Each member council's own counts (same shape; they sum to `counts`). Every member knows its own figures, so each
   * member (and each coalition, see `coalitionSize`) is treated as an intruder who subtracts them (issue 15).
   */
  contributions?: Contributions;
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
export const MEMBER_REASON = 'leaves a small count once a member council subtracts its own figures';
/**
 * The one reason every suppressed figure of a published table carries: the reasons above stay in the audit, never in
 * what is published, which would otherwise say which hidden cells are the small ones (issue 15).
 */
export const PUBLISHED_REASON = 'suppressed: a small count, or a figure that would reveal one';

/** A table already published: its true counts (kept by the publisher, never shown) and what was shown. */
export interface PublishedTable {
  counts: number[][];
  published: ProtectedTable;
  /** The members' own counts behind it, when kept: the member intruders then know them too. */
  contributions?: Contributions;
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
  /** The member councils whose own figures the intruder knows (absent: the public, who knows only what was published). */
  intruder?: string[];
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
  contributions?: Contributions;
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
  context: {
    published?: Record<string, PublishedTable>;
    links?: TableLink[];
    /** The largest coalition of members assumed to pool their own figures (default 2: each member and each pair). */
    coalitionSize?: number;
  } = {},
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
      ...(input.contributions ? { contributions: input.contributions } : {}),
    });
  }
  for (const [id, prior] of Object.entries(context.published ?? {})) {
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

  // The intruders: the public (0: knows only what is published), then each coalition of members, who also knows its
  // own figures in every table that has contributions.
  const members = [...new Set([...grids.values()].flatMap((g) => Object.keys(g.contributions ?? {})))].sort();
  const intruders = [{ coalition: [] as string[], own: new Map<string, number[][]>() }];
  for (const coalition of coalitions(members, context.coalitionSize ?? DEFAULT_COALITION_SIZE)) {
    const own = new Map<string, number[][]>();
    for (const g of grids.values()) {
      const pooled = coalitionGrid(g.contributions, coalition, g.C);
      if (pooled) own.set(g.id, pooled);
    }
    intruders.push({ coalition, own });
  }
  /** What intruder `k` knows of an entry: its own part of it (0 for the public). */
  const ownOf = (k: number, g: Grid, r: number, c: number): number => intruders[k]!.own.get(g.id)?.[r]?.[c] ?? 0;
  /** What is left of an entry once intruder `k` takes its own part out: the other members' part. */
  const rest = (k: number, g: Grid, r: number, c: number) => g.truth[r]![c]! - ownOf(k, g, r, c);

  // Primary, for members: an entry whose rest is small is hidden, as a small count is (the (n-1) rule).
  for (const g of grids.values()) {
    if (g.fixed) continue;
    for (let k = 1; k < intruders.length; k++) {
      if (!intruders[k]!.own.has(g.id)) continue;
      g.truth.forEach((row, r) =>
        row.forEach((_, c) => {
          const v = rest(k, g, r, c);
          if (v > 0 && v < m) hide(g, r, c, MEMBER_REASON);
        }),
      );
    }
  }

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
  /**
   * A term: a known constant or a variable for a hidden entry. For intruder `k` the variable is the rest of the entry
   * (entry = rest + own): non-negative, as the other members' counts are, with the own part as a constant.
   */
  const term = (g: Grid, r: number, c: number, coef: number, terms: Map<string, number>, k = 0): number => {
    if (!hidden(g, r, c) && interval(g, r, c) === null) return coef * g.truth[r]![c]!;
    const name = variable(g, r, c);
    terms.set(name, (terms.get(name) ?? 0) + coef);
    return coef * ownOf(k, g, r, c);
  };
  const system = (k: number): LinearConstraint[] => {
    const out: LinearConstraint[] = [];
    const push = (terms: Map<string, number>, known: number, kind: 'eq' | 'ge') => {
      for (const [k, v] of terms) if (v === 0) terms.delete(k);
      if (terms.size > 0) out.push({ terms, kind, constant: -known });
    };
    for (const g of grids.values()) {
      for (let r = 0; r <= g.R; r++) {
        const terms = new Map<string, number>();
        let known = -term(g, r, g.C, 1, terms, k);
        terms.forEach((v, k) => terms.set(k, -v));
        for (let c = 0; c < g.C; c++) known += term(g, r, c, 1, terms, k);
        push(terms, known, 'eq');
      }
      for (let c = 0; c <= g.C; c++) {
        const terms = new Map<string, number>();
        let known = -term(g, g.R, c, 1, terms, k);
        terms.forEach((v, k) => terms.set(k, -v));
        for (let r = 0; r < g.R; r++) known += term(g, r, c, 1, terms, k);
        push(terms, known, 'eq');
      }
    }
    for (const g of grids.values()) {
      g.truth.forEach((row, r) =>
        row.forEach((_, c) => {
          const known = interval(g, r, c);
          if (!known) return;
          const name = variable(g, r, c);
          const own = ownOf(k, g, r, c);
          out.push({ terms: new Map([[name, 1]]), kind: 'ge', constant: known[0] - own });
          out.push({ terms: new Map([[name, -1]]), kind: 'ge', constant: own - known[1] });
        }),
      );
    }
    for (const l of links) {
      if (l.kind === 'same') {
        const terms = new Map<string, number>();
        const known =
          term(grid(l.a.table), l.a.row, l.a.col, 1, terms, k) + term(grid(l.b.table), l.b.row, l.b.col, -1, terms, k);
        push(terms, known, 'eq');
      } else if (l.additive) {
        const [p, c] = [grid(l.previous), grid(l.current)];
        for (let r = 0; r <= c.R; r++) {
          for (let x = 0; x <= c.C; x++) {
            const terms = new Map<string, number>();
            const known = term(c, r, x, 1, terms, k) + term(p, r, x, -1, terms, k);
            push(terms, known, 'ge');
          }
        }
      }
    }
    return out;
  };

  /** `who`: the intruder (0 the public, else a coalition); `value`: what is left to it of the entry. */
  const targets: { kind: 'cell' | 'change'; g: Grid; prev?: Grid; r: number; c: number; value: number; who: number }[] =
    [];
  for (let who = 0; who < intruders.length; who++) {
    for (const g of grids.values()) {
      if (who > 0 && !intruders[who]!.own.has(g.id)) continue;
      g.truth.forEach((row, r) =>
        row.forEach((_, c) => {
          const v = rest(who, g, r, c);
          if (v > 0 && v < m) targets.push({ kind: 'cell', g, r, c, value: v, who });
        }),
      );
    }
  }
  for (const l of revisions) {
    const [p, c] = [grid(l.previous), grid(l.current)];
    // A coalition knows its own change too: what is left of the change is the other members' (both versions known).
    for (let who = 0; who < intruders.length; who++) {
      if (who > 0 && !(intruders[who]!.own.has(c.id) && intruders[who]!.own.has(p.id))) continue;
      c.truth.forEach((row, r) =>
        row.forEach((_, k) => {
          const d = rest(who, c, r, k) - rest(who, p, r, k);
          if (d !== 0 && Math.abs(d) < m) targets.push({ kind: 'change', g: c, prev: p, r, c: k, value: d, who });
        }),
      );
    }
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
    const systems = new Map<number, LinearConstraint[]>();
    const constraintsOf = (k: number) => systems.get(k) ?? systems.set(k, system(k)).get(k)!;
    audit = targets.map((t, i) => {
      const done = settled.get(i);
      if (done) return done;
      const terms = new Map<string, number>();
      let constant = term(t.g, t.r, t.c, 1, terms, t.who) - ownOf(t.who, t.g, t.r, t.c);
      if (t.prev) constant += term(t.prev, t.r, t.c, -1, terms, t.who) + ownOf(t.who, t.prev, t.r, t.c);
      for (const [k, v] of terms) if (v === 0) terms.delete(k);
      const range =
        terms.size === 0 ? { min: constant, max: constant } : feasibleRange(constraintsOf(t.who), { terms, constant });
      const entry: AuditEntry = {
        kind: t.kind,
        table: t.g.id,
        row: t.r,
        col: t.c,
        ...(t.who > 0 ? { intruder: intruders[t.who]!.coalition } : {}),
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
