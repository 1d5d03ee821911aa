// Empirical-Bayes pooling: the Dirichlet-multinomial marginal likelihood of the councils' rows (ADR 0027).
import { logGamma } from '../stats.js';

/** log Dirichlet-multinomial likelihood of counts x under alpha (the multinomial coefficient, constant, omitted). */
export function logDirMult(x: readonly number[], alpha: readonly number[]): number {
  const n = x.reduce((a, b) => a + b, 0);
  const a = alpha.reduce((s, v) => s + v, 0);
  let ll = logGamma(a) - logGamma(n + a);
  for (let j = 0; j < x.length; j++) if (x[j]! > 0) ll += logGamma(x[j]! + alpha[j]!) - logGamma(alpha[j]!);
  return ll;
}

/** One council's counts in a row, as the pooled likelihood reads them: the total and the destinations seen. */
export interface SeenRow {
  n: number;
  at: Int32Array;
  counts: Float64Array;
}

/** Each council's row with at least one child in it, read once (a council with none adds exactly 0 and is left out). */
export function seenRows(rows: readonly number[][]): SeenRow[] {
  return rows
    .filter((x) => x.some((v) => v > 0))
    .map((x) => {
      const at = x.map((v, j) => (v > 0 ? j : -1)).filter((j) => j >= 0);
      return {
        n: x.reduce((p, q) => p + q, 0),
        at: Int32Array.from(at),
        counts: Float64Array.from(at, (j) => x[j]!),
      };
    });
}

/**
 * Sum over councils of logDirMult(x, kappa * base): the same terms in the same order, with log Gamma of the prior's
 * total and of each alpha computed once per kappa instead of once per council, and each council's row read once
 * (ADR 0027).
 */
export function pooledLogLikelihood(rows: readonly SeenRow[], base: readonly number[], kappa: number): number {
  const alpha = base.map((b) => kappa * b);
  const a = alpha.reduce((s, v) => s + v, 0);
  const lgA = logGamma(a);
  const lgAlpha = alpha.map(logGamma);
  let sum = 0;
  for (const { n, at, counts } of rows) {
    let ll = lgA - logGamma(n + a);
    for (let k = 0; k < at.length; k++) {
      const j = at[k]!;
      ll += logGamma(counts[k]! + alpha[j]!) - lgAlpha[j]!;
    }
    sum += ll;
  }
  return sum;
}

/** Candidate prior strengths (pseudo-counts) for the empirical-Bayes pooling. */
export const POOLING_GRID = [1, 3, 10, 30, 100, 300, 1000, 3000, 10_000, 100_000];
