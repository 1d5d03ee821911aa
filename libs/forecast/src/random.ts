/**
 * A seeded pseudo-random generator (mulberry32 seeded through splitmix32) with the draws the models need. Every
 * forecast takes a seed, so the same inputs give the same intervals.
 */
export class Rng {
  private state: number;
  private spare: number | null = null;

  constructor(seed: number) {
    let z = (seed >>> 0) + 0x9e3779b9;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    this.state = (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform on (0, 1): never exactly 0, so logs are safe. */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  }

  int(n: number): number {
    return Math.min(n - 1, Math.floor(this.uniform() * n));
  }

  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang (boosted for shape < 1). */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Chi-square with k degrees of freedom. */
  chiSquare(k: number): number {
    return 2 * this.gamma(k / 2);
  }

  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.uniform();
      while (p > limit) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    // Large means: normal approximation with continuity correction (error far below the forecast's own spread).
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
  }

  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (n < 40) {
      let k = 0;
      for (let i = 0; i < n; i++) if (this.uniform() < p) k++;
      return k;
    }
    const mean = n * p;
    const variance = mean * (1 - p);
    if (variance < 9) {
      // Few successes (or few failures): count them by waiting times, exact.
      const small = p <= 0.5;
      const q = small ? p : 1 - p;
      const logq = Math.log(1 - q);
      let k = 0;
      let used = 0;
      for (;;) {
        used += Math.floor(Math.log(this.uniform()) / logq) + 1;
        if (used > n) break;
        k++;
      }
      return small ? k : n - k;
    }
    return Math.min(n, Math.max(0, Math.round(mean + Math.sqrt(variance) * this.normal())));
  }

  /** Splits n over the probabilities (summing to 1) by sequential binomials. */
  multinomial(n: number, probs: readonly number[]): number[] {
    const out = new Array<number>(probs.length).fill(0);
    let left = n;
    let mass = 1;
    for (let i = 0; i < probs.length - 1 && left > 0; i++) {
      const p = probs[i]!;
      const k = mass <= 0 ? 0 : this.binomial(left, Math.min(1, p / mass));
      out[i] = k;
      left -= k;
      mass -= p;
    }
    if (probs.length > 0) out[probs.length - 1]! += left;
    return out;
  }

  dirichlet(alpha: readonly number[]): number[] {
    const g = alpha.map((a) => (a > 0 ? this.gamma(a) : 0));
    const sum = g.reduce((s, x) => s + x, 0);
    return sum > 0 ? g.map((x) => x / sum) : alpha.map(() => 1 / alpha.length);
  }
}
