/**
 * The intruder's solver: the range a linear expression can take over every non-negative solution of what was
 * published. Variables are the hidden entries (non-negative); constraints are linear equalities and `>=` inequalities.
 *
 * Solved as two linear programmes (minimise, maximise) by a dense two-phase simplex with Bland's rule (no cycling).
 * Published tables with margins are network matrices (totally unimodular), so the real bounds are also the integer
 * bounds; for the small systems a publication produces (tens of variables) a dense tableau is plenty.
 */
export interface LinearConstraint {
  /** Coefficients by variable name. */
  terms: ReadonlyMap<string, number>;
  kind: 'eq' | 'ge';
  constant: number;
}

export interface Range {
  min: number;
  /** `Infinity` when nothing published bounds it from above. */
  max: number;
}

const EPS = 1e-9;

type Outcome = { kind: 'optimal'; value: number } | { kind: 'unbounded' } | { kind: 'infeasible' };

/** Minimises c.x subject to A x = b, x >= 0. */
export function minimise(A: number[][], b: number[], c: number[]): Outcome {
  const m = A.length;
  const n = c.length;
  // Tableau: m rows of [A | artificials | b], with b made non-negative.
  const T = A.map((row, i) => {
    const sign = b[i]! < 0 ? -1 : 1;
    const art = Array.from({ length: m }, (_, k) => (k === i ? 1 : 0));
    return [...row.map((v) => v * sign), ...art, b[i]! * sign];
  });
  const width = n + m;
  const basis = Array.from({ length: m }, (_, i) => n + i);

  /** The objective row (reduced costs, and minus the objective value last), pivoted along with the tableau. */
  let z: number[] = [];
  const pivot = (r: number, j: number) => {
    const row = T[r]!;
    const p = row[j]!;
    for (let k = 0; k <= width; k++) row[k]! /= p;
    for (const other of [...T, z]) {
      if (other === row) continue;
      const f = other[j]!;
      if (Math.abs(f) < EPS) continue;
      for (let k = 0; k <= width; k++) other[k]! -= f * row[k]!;
    }
    basis[r] = j;
  };

  const run = (cost: number[], allowed: (j: number) => boolean): 'optimal' | 'unbounded' => {
    z = [...cost, 0];
    for (let i = 0; i < T.length; i++) {
      const cb = cost[basis[i]!]!;
      if (cb !== 0) for (let k = 0; k <= width; k++) z[k]! -= cb * T[i]![k]!;
    }
    for (let iteration = 0; iteration < 50_000; iteration++) {
      let entering = -1;
      for (let j = 0; j < width; j++) {
        if (z[j]! < -EPS && allowed(j)) {
          entering = j;
          break;
        }
      }
      if (entering < 0) return 'optimal';
      let leave = -1;
      let best = Infinity;
      for (let i = 0; i < T.length; i++) {
        const a = T[i]![entering]!;
        if (a <= EPS) continue;
        const ratio = T[i]![width]! / a;
        if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && basis[i]! < basis[leave]!)) {
          best = ratio;
          leave = i;
        }
      }
      if (leave < 0) return 'unbounded';
      pivot(leave, entering);
    }
    throw new Error('simplex did not converge');
  };

  // Phase 1: minimise the sum of the artificials.
  const phase1 = Array.from({ length: width }, (_, j) => (j >= n ? 1 : 0));
  run(phase1, () => true);
  const infeasibility = basis.reduce((s, j, i) => s + (j >= n ? T[i]![width]! : 0), 0);
  if (infeasibility > 1e-7) return { kind: 'infeasible' };
  // Drive artificials out of the basis; a row with no original column left is redundant.
  for (let i = T.length - 1; i >= 0; i--) {
    if (basis[i]! < n) continue;
    const j = T[i]!.findIndex((v, k) => k < n && Math.abs(v) > EPS);
    if (j >= 0) pivot(i, j);
    else {
      T.splice(i, 1);
      basis.splice(i, 1);
    }
  }
  // Phase 2 over the original columns only.
  const cost = Array.from({ length: width }, (_, j) => (j < n ? c[j]! : 0));
  if (run(cost, (j) => j < n) === 'unbounded') return { kind: 'unbounded' };
  return { kind: 'optimal', value: basis.reduce((s, j, i) => s + cost[j]! * T[i]![width]!, 0) };
}

/**
 * The range of `objective` (a constant plus a linear expression) over all non-negative solutions of `constraints`.
 * Throws when the constraints have no solution (what was published is inconsistent: a bug, never data).
 */
export function feasibleRange(
  constraints: readonly LinearConstraint[],
  objective: { terms: ReadonlyMap<string, number>; constant: number },
): Range {
  const names = new Map<string, number>();
  const index = (name: string) => {
    if (!names.has(name)) names.set(name, names.size);
    return names.get(name)!;
  };
  for (const k of constraints) for (const name of k.terms.keys()) index(name);
  for (const name of objective.terms.keys()) index(name);
  const slacks = constraints.filter((k) => k.kind === 'ge').length;
  const n = names.size + slacks;
  const A: number[][] = [];
  const b: number[] = [];
  let slack = names.size;
  for (const k of constraints) {
    const row = Array.from({ length: n }, () => 0);
    for (const [name, coef] of k.terms) row[index(name)]! += coef;
    if (k.kind === 'ge') row[slack++] = -1; // sum - s = constant, s >= 0
    A.push(row);
    b.push(k.constant);
  }
  const c = Array.from({ length: n }, () => 0);
  for (const [name, coef] of objective.terms) c[index(name)]! += coef;
  const low = minimise(A, b, c);
  if (low.kind === 'infeasible') throw new Error('the published figures are inconsistent (no solution)');
  const high = minimise(
    A,
    b,
    c.map((v) => -v),
  );
  const round = (v: number) => (Math.abs(v - Math.round(v)) < 1e-6 ? Math.round(v) : v);
  return {
    min: low.kind === 'unbounded' ? -Infinity : round(low.value + objective.constant),
    max: high.kind === 'unbounded' ? Infinity : round(-(high as { value: number }).value + objective.constant),
  };
}
