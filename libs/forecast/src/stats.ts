/** Small numeric helpers: no dependencies. */

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Quantile by linear interpolation between order statistics (type 7), of an already sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Ordinary least squares of y on (1, t), t = 0..n-1. */
export function olsLine(y: readonly number[]): { intercept: number; slope: number; residuals: number[]; sxx: number } {
  const n = y.length;
  const tBar = (n - 1) / 2;
  const yBar = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < n; t++) {
    sxy += (t - tBar) * (y[t]! - yBar);
    sxx += (t - tBar) * (t - tBar);
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = yBar - slope * tBar;
  return { intercept, slope, residuals: y.map((v, t) => v - intercept - slope * t), sxx };
}

export type NelderMead = (
  f: (x: number[]) => number,
  start: number[],
  options?: { step?: number; maxEvaluations?: number; tolerance?: number },
) => { x: number[]; value: number };

/** The options with their defaults, and the starting simplex (the start and a step along each axis) with its values. */
export function nelderMeadStart(f: (x: number[]) => number, start: number[], options: Parameters<NelderMead>[2] = {}) {
  const step = options.step ?? 0.5;
  const simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))];
  return {
    maxEval: options.maxEvaluations ?? 400,
    tol: options.tolerance ?? 1e-8,
    d: start.length,
    simplex,
    values: simplex.map(f),
  };
}

/**
 * Nelder-Mead minimisation (unconstrained; callers transform bounded parameters). Written without per-iteration
 * allocations beyond the trial points (ADR 0027); the arithmetic and the (stable) ordering are those of the plain
 * version, so it returns the same point.
 */
export const nelderMead: NelderMead = (f, start, options = {}) => {
  const { maxEval, tol, d, ...first } = nelderMeadStart(f, start, options);
  let { simplex, values } = first;
  let evals = simplex.length;
  const order = simplex.map((_, i) => i);
  const centroid = new Array<number>(d).fill(0);
  const along = (t: number) => {
    const worst = simplex[d]!;
    const x = new Array<number>(d);
    for (let j = 0; j < d; j++) x[j] = centroid[j]! + t * (worst[j]! - centroid[j]!);
    return x;
  };
  while (evals < maxEval) {
    for (let i = 0; i <= d; i++) order[i] = i;
    const vs = values;
    order.sort((a, b) => vs[a]! - vs[b]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => vs[i]!);
    if (Math.abs(values[d]! - values[0]!) <= tol * (Math.abs(values[0]!) + tol)) break;
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let i = 0; i < d; i++) sum += simplex[i]![j]!;
      centroid[j] = sum / d;
    }
    evals += nelderMeadMove(f, simplex, values, along);
  }
  const best = values.indexOf(Math.min(...values));
  return { x: simplex[best]!, value: values[best]! };
};

/**
 * One Nelder-Mead move on a simplex ordered best first, given `along(t)` = centroid + t * (worst - centroid), the
 * centroid being that of every point but the worst: reflect the worst point (t = -1), then expand (-2), contract
 * (-0.5 or 0.5) or shrink towards the best. Changes `simplex` and `values` in place and returns the evaluations of `f`
 * it spent. The optimiser and the plain reference it must equal (speed.spec.ts) make the same move; they differ in
 * how they order the points and find the centroid.
 */
export function nelderMeadMove(
  f: (x: number[]) => number,
  simplex: number[][],
  values: number[],
  along: (t: number) => number[],
): number {
  const d = simplex.length - 1;
  let evals = 0;
  const reflected = along(-1);
  const fr = f(reflected);
  evals++;
  if (fr < values[0]!) {
    const expanded = along(-2);
    const fe = f(expanded);
    evals++;
    [simplex[d], values[d]] = fe < fr ? [expanded, fe] : [reflected, fr];
  } else if (fr < values[d - 1]!) {
    [simplex[d], values[d]] = [reflected, fr];
  } else {
    const contracted = fr < values[d]! ? along(-0.5) : along(0.5);
    const fc = f(contracted);
    evals++;
    if (fc < Math.min(fr, values[d]!)) {
      [simplex[d], values[d]] = [contracted, fc];
    } else {
      for (let i = 1; i <= d; i++) {
        simplex[i] = simplex[i]!.map((v, j) => simplex[0]![j]! + 0.5 * (v - simplex[0]![j]!));
        values[i] = f(simplex[i]!);
        evals++;
      }
    }
  }
  return evals;
}

export const logistic = (x: number) => 1 / (1 + Math.exp(-x));
export const logit = (p: number) => Math.log(p / (1 - p));

/** log Gamma (Lanczos), for marginal likelihoods. */
export function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}
