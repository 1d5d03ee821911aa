// The audit: each intruder's linear system (every line of every table, rounded figures as intervals, links), the
// feasible range of each small count and small change, and one more hidden entry next to each that fails, until all
// pass.
import { feasibleRange, type LinearConstraint, type Range } from '../feasible-range.js';
import { hidden, hide, interval, pickComplement, type Entry, type Grid } from './grids.js';
import { gridOf, ownOf, rest, type Joint } from './joint.js';
import { settle } from './suppress.js';
import { SECONDARY_REASON, type AuditEntry } from './types.js';

/**
 * Whether an intruder's range leaves a small value protected: the range is at least twice the threshold wide, or it
 * contains the whole small range (1..minCount-1, or its negative for a fall) so nothing is learnt beyond "small".
 */
export function isProtectedRange(range: Range, value: number, minCount: number): boolean {
  if (range.max - range.min >= 2 * minCount) return true;
  const [lo, hi] = value > 0 ? [1, minCount - 1] : [-(minCount - 1), -1];
  return range.min <= lo && range.max >= hi;
}

const variable = (g: Grid, r: number, c: number) => `${g.id}\u0000${r}\u0000${c}`;

/**
 * A term: a known constant or a variable for a hidden entry. For intruder `k` the variable is the rest of the entry
 * (entry = rest + own): non-negative, as the other members' counts are, with the own part as a constant.
 */
function term(j: Joint, g: Grid, r: number, c: number, coef: number, terms: Map<string, number>, k = 0): number {
  if (!hidden(g, r, c) && interval(g, r, c) === null) return coef * g.truth[r]![c]!;
  const name = variable(g, r, c);
  terms.set(name, (terms.get(name) ?? 0) + coef);
  return coef * ownOf(j, k, g, r, c);
}

/** Everything intruder `k` can write down from what is published. */
function system(j: Joint, k: number): LinearConstraint[] {
  const out: LinearConstraint[] = [];
  const push = (terms: Map<string, number>, known: number, kind: 'eq' | 'ge') => {
    for (const [name, v] of terms) if (v === 0) terms.delete(name);
    if (terms.size > 0) out.push({ terms, kind, constant: -known });
  };
  // Each line: the entries sum to the margin.
  const line = (g: Grid, margin: Entry, entries: Entry[]) => {
    const terms = new Map<string, number>();
    let known = -term(j, g, margin[0], margin[1], 1, terms, k);
    terms.forEach((v, name) => terms.set(name, -v));
    for (const [r, c] of entries) known += term(j, g, r, c, 1, terms, k);
    push(terms, known, 'eq');
  };
  for (const g of j.grids.values()) {
    for (let r = 0; r <= g.R; r++)
      line(
        g,
        [r, g.C],
        Array.from({ length: g.C }, (_, c) => [r, c] as Entry),
      );
    for (let c = 0; c <= g.C; c++)
      line(
        g,
        [g.R, c],
        Array.from({ length: g.R }, (_, r) => [r, c] as Entry),
      );
  }
  for (const g of j.grids.values()) {
    g.truth.forEach((row, r) =>
      row.forEach((_, c) => {
        const known = interval(g, r, c);
        if (!known) return;
        const name = variable(g, r, c);
        const own = ownOf(j, k, g, r, c);
        out.push({ terms: new Map([[name, 1]]), kind: 'ge', constant: known[0] - own });
        out.push({ terms: new Map([[name, -1]]), kind: 'ge', constant: own - known[1] });
      }),
    );
  }
  for (const l of j.links) {
    if (l.kind === 'same') {
      const terms = new Map<string, number>();
      const known =
        term(j, gridOf(j, l.a.table), l.a.row, l.a.col, 1, terms, k) +
        term(j, gridOf(j, l.b.table), l.b.row, l.b.col, -1, terms, k);
      push(terms, known, 'eq');
    } else if (l.additive) {
      const [p, c] = [gridOf(j, l.previous), gridOf(j, l.current)];
      for (let r = 0; r <= c.R; r++) {
        for (let x = 0; x <= c.C; x++) {
          const terms = new Map<string, number>();
          const known = term(j, c, r, x, 1, terms, k) + term(j, p, r, x, -1, terms, k);
          push(terms, known, 'ge');
        }
      }
    }
  }
  return out;
}

/** A small count or change to protect from intruder `who`; `value`: what is left to it of the entry. */
interface Target {
  kind: 'cell' | 'change';
  g: Grid;
  prev?: Grid;
  r: number;
  c: number;
  value: number;
  who: number;
}

function targetsOf(j: Joint): Target[] {
  const { m, intruders } = j;
  const targets: Target[] = [];
  for (let who = 0; who < intruders.length; who++) {
    for (const g of j.grids.values()) {
      if (who > 0 && !intruders[who]!.own.has(g.id)) continue;
      g.truth.forEach((row, r) =>
        row.forEach((_, c) => {
          const v = rest(j, who, g, r, c);
          if (v > 0 && v < m) targets.push({ kind: 'cell', g, r, c, value: v, who });
        }),
      );
    }
  }
  for (const l of j.revisions) {
    const [p, c] = [gridOf(j, l.previous), gridOf(j, l.current)];
    // A coalition knows its own change too: what is left of the change is the other members' (both versions known).
    for (let who = 0; who < intruders.length; who++) {
      if (who > 0 && !(intruders[who]!.own.has(c.id) && intruders[who]!.own.has(p.id))) continue;
      c.truth.forEach((row, r) =>
        row.forEach((_, k) => {
          const d = rest(j, who, c, r, k) - rest(j, who, p, r, k);
          if (d !== 0 && Math.abs(d) < m) targets.push({ kind: 'change', g: c, prev: p, r, c: k, value: d, who });
        }),
      );
    }
  }
  return targets;
}

/** The new table where more can be hidden to protect a target in `g` (itself, or the revision of a fixed one). */
function repairable(j: Joint, g: Grid): Grid | undefined {
  if (!g.fixed) return g;
  const next = j.revisions.find((l) => l.previous === g.id);
  return next ? gridOf(j, next.current) : undefined;
}

/** One more hidden entry next to a target that failed (itself, its lines, then anywhere); false when none is left. */
function repair(j: Joint, target: Target): boolean {
  const g = repairable(j, target.g);
  if (!g) return false;
  const { r, c } = target;
  if (hide(g, r, c, SECONDARY_REASON)) return true;
  const near = [
    ...Array.from({ length: g.C + 1 }, (_, k) => [r, k] as Entry),
    ...Array.from({ length: g.R + 1 }, (_, k) => [k, c] as Entry),
  ].filter(([x, y]) => !hidden(g, x, y));
  const anywhere = g.truth.flatMap((row, x) => row.map((_, y) => [x, y] as Entry)).filter(([x, y]) => !hidden(g, x, y));
  const e = pickComplement(g, near) ?? pickComplement(g, anywhere);
  return e ? hide(g, e[0], e[1], SECONDARY_REASON) : false;
}

/** Settles, audits every target and repairs the failures, until all pass or nothing more can be hidden. */
export function auditAndRepair(j: Joint): AuditEntry[] {
  const targets = targetsOf(j);
  let audit: AuditEntry[] = [];
  // Hiding more only relaxes the intruder's system, so a target once protected stays protected: not solved again.
  const settled = new Map<number, AuditEntry>();
  for (let round = 0; ; round++) {
    settle(j);
    const systems = new Map<number, LinearConstraint[]>();
    const constraintsOf = (k: number) => systems.get(k) ?? systems.set(k, system(j, k)).get(k)!;
    audit = targets.map((t, i) => {
      const done = settled.get(i);
      if (done) return done;
      const terms = new Map<string, number>();
      let constant = term(j, t.g, t.r, t.c, 1, terms, t.who) - ownOf(j, t.who, t.g, t.r, t.c);
      if (t.prev) constant += term(j, t.prev, t.r, t.c, -1, terms, t.who) + ownOf(j, t.who, t.prev, t.r, t.c);
      for (const [name, v] of terms) if (v === 0) terms.delete(name);
      const range =
        terms.size === 0 ? { min: constant, max: constant } : feasibleRange(constraintsOf(t.who), { terms, constant });
      const entry: AuditEntry = {
        kind: t.kind,
        table: t.g.id,
        row: t.r,
        col: t.c,
        ...(t.who > 0 ? { intruder: j.intruders[t.who]!.coalition } : {}),
        range,
        protected: isProtectedRange(range, t.value, j.m),
      };
      if (entry.protected) settled.set(i, entry);
      return entry;
    });
    let repaired = false;
    audit.forEach((a, i) => {
      if (!a.protected) repaired = repair(j, targets[i]!) || repaired;
    });
    if (!repaired || round > 10_000) break;
  }
  return audit;
}
