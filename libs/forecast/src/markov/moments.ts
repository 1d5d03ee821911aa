import { monthIndex } from '../month.js';
import type { StockFlowPosterior } from './data.js';

/**
 * Mean and standard deviation of the total in care for steps 1..h, in closed form (ADR 0027), the same predictive as
 * `simulateStockFlow` without a scenario. Mean: the chain's expectation at the posterior mean rates. Variance: the
 * process noise given those rates (each child's move is a categorical draw, each state's entries a Poisson count;
 * by the law of total variance over steps, step k adds the variance of a mover's expected future in care, a[dest])
 * plus the parameters' uncertainty by the delta method (the expected total's gradient in the entry rate, entry mix and
 * every transition row, under their Gamma and Dirichlet posteriors; rows are independent). O(H^2 x transitions).
 */
export function stockFlowMoments(
  post: StockFlowPosterior,
  start: readonly number[],
  firstMonth: string,
  horizon: number,
): { mean: number[]; sd: number[] } {
  const S = post.states.length;
  const H = horizon;
  const first = monthIndex(firstMonth);
  const lambda = post.entryShape / post.entryRate;
  const lambdaVar = post.entryShape / (post.entryRate * post.entryRate);
  const rows = post.rows.map((r) => {
    const total = r.alpha.reduce((a, b) => a + b, 0);
    return { to: r.to, p: r.alpha.map((a) => a / total), total };
  });
  const mixTotal = post.entryMix.alpha.reduce((a, b) => a + b, 0);
  const mix = new Float64Array(S);
  post.entryMix.to.forEach((t, i) => (mix[t] = post.entryMix.alpha[i]! / mixTotal));
  const season = Array.from({ length: H }, (_, k) => post.entrySeason[(first + k) % 12]!);
  // a[j][s]: expected number still in care j steps after one child is in state s (a[j][OUT] = 0).
  const a: Float64Array[] = [new Float64Array(S).fill(1)];
  a[0]![0] = 0;
  for (let j = 1; j <= H; j++) {
    const prev = a[j - 1]!;
    const next = new Float64Array(S);
    for (let s = 1; s < S; s++) {
      const { to, p } = rows[s]!;
      let v = 0;
      for (let i = 0; i < to.length; i++) v += p[i]! * prev[to[i]!]!;
      next[s] = v;
    }
    a.push(next);
  }
  // mu[k]: expected stock after k steps (mu[0] = the start).
  const mu: Float64Array[] = [Float64Array.from(start)];
  for (let k = 0; k < H - 1; k++) {
    const cur = mu[k]!;
    const next = new Float64Array(S);
    for (let d = 1; d < S; d++) next[d] = lambda * season[k]! * mix[d]!;
    for (let s = 1; s < S; s++) {
      const { to, p } = rows[s]!;
      for (let i = 0; i < to.length; i++) if (to[i] !== 0) next[to[i]!]! += cur[s]! * p[i]!;
    }
    mu.push(next);
  }
  // Process variance of one mover from s, lag j: Var over destinations of a[j][dest].
  const moveVar: Float64Array[] = a.map((aj) => {
    const v = new Float64Array(S);
    for (let s = 1; s < S; s++) {
      const { to, p } = rows[s]!;
      let m1 = 0;
      let m2 = 0;
      for (let i = 0; i < to.length; i++) {
        const x = aj[to[i]!]!;
        m1 += p[i]! * x;
        m2 += p[i]! * x * x;
      }
      v[s] = Math.max(0, m2 - m1 * m1);
    }
    return v;
  });
  const mean: number[] = [];
  const sd: number[] = [];
  const g = new Float64Array(S);
  for (let h = 1; h <= H; h++) {
    let variance = 0;
    let dLambda = 0;
    g.fill(0);
    for (let k = 0; k < h; k++) {
      const aj = a[h - 1 - k]!;
      const muk = mu[k]!;
      let entryWeight = 0;
      for (let s = 1; s < S; s++) {
        variance += muk[s]! * moveVar[h - 1 - k]![s]!;
        const e = lambda * season[k]! * mix[s]!;
        variance += e * aj[s]! * aj[s]!;
        entryWeight += mix[s]! * aj[s]!;
        g[s] += lambda * season[k]! * aj[s]!;
      }
      dLambda += season[k]! * entryWeight;
    }
    // Expected total: the start carried h steps plus every step's entries carried to h.
    let m = lambda * dLambda;
    for (let s = 1; s < S; s++) m += mu[0]![s]! * a[h]![s]!;
    // Parameter uncertainty: entry rate (Gamma), entry mix (Dirichlet) and each row (Dirichlet).
    variance += lambdaVar * dLambda * dLambda;
    variance += dirichletVar(post.entryMix.to, mix, g, mixTotal);
    for (let s = 1; s < S; s++) {
      const { to, p, total } = rows[s]!;
      if (to.length < 2) continue;
      let m1 = 0;
      let m2 = 0;
      for (let i = 0; i < to.length; i++) {
        let grad = 0;
        for (let k = 0; k < h; k++) grad += mu[k]![s]! * a[h - 1 - k]![to[i]!]!;
        m1 += p[i]! * grad;
        m2 += p[i]! * grad * grad;
      }
      variance += Math.max(0, m2 - m1 * m1) / (total + 1);
    }
    mean.push(m);
    sd.push(Math.sqrt(Math.max(0, variance)));
  }
  return { mean, sd };
}

/** g' Cov g for a Dirichlet with mean p (indexed by state) and total concentration alpha0, over the listed states. */
function dirichletVar(to: readonly number[], p: Float64Array, g: Float64Array, alpha0: number): number {
  let m1 = 0;
  let m2 = 0;
  for (const t of to) {
    m1 += p[t]! * g[t]!;
    m2 += p[t]! * g[t]! * g[t]!;
  }
  return Math.max(0, m2 - m1 * m1) / (alpha0 + 1);
}
