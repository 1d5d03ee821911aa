// Suppression before the audit: small counts left to a member, figures carried from and changed since an earlier
// version, then secondary suppression to a fixed point over every line, the table of changes and the shared figures.
import { gridOf, rest, type Joint } from './joint.js';
import { hidden, hide, interval, linesOf, pickComplement } from './grids.js';
import { CARRIED_REASON, CHANGE_REASON, LINKED_REASON, MEMBER_REASON, SECONDARY_REASON, SUM_REASON } from './types.js';

/** Primary, for members: an entry whose rest is small is hidden, as a small count is (the (n-1) rule). */
export function hideMembersSmallCounts(j: Joint): void {
  for (const g of j.grids.values()) {
    if (g.fixed) continue;
    for (let k = 1; k < j.intruders.length; k++) {
      if (!j.intruders[k]!.own.has(g.id)) continue;
      g.truth.forEach((row, r) =>
        row.forEach((_, c) => {
          const v = rest(j, k, g, r, c);
          if (v > 0 && v < j.m) hide(g, r, c, MEMBER_REASON);
        }),
      );
    }
  }
}

/** Carry forward what an earlier version hid, and hide each small change since it. */
export function hideCarriedAndChanged(j: Joint): void {
  for (const l of j.revisions) {
    const [p, c] = [gridOf(j, l.previous), gridOf(j, l.current)];
    for (let r = 0; r <= c.R; r++) {
      for (let k = 0; k <= c.C; k++) {
        if (hidden(p, r, k)) hide(c, r, k, CARRIED_REASON);
        const d = c.truth[r]![k]! - p.truth[r]![k]!;
        if (d !== 0 && Math.abs(d) < j.m) hide(c, r, k, CHANGE_REASON);
      }
    }
  }
}

/** Secondary suppression, repeated until nothing more is hidden. */
export function settle(j: Joint): void {
  const { m, grids, revisions, links } = j;
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
      const [p, c] = [gridOf(j, l.previous), gridOf(j, l.current)];
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
      const [ga, gb] = [gridOf(j, l.a.table), gridOf(j, l.b.table)];
      if (hidden(ga, l.a.row, l.a.col)) changed = hide(gb, l.b.row, l.b.col, LINKED_REASON) || changed;
      if (hidden(gb, l.b.row, l.b.col)) changed = hide(ga, l.a.row, l.a.col, LINKED_REASON) || changed;
    }
  }
}
