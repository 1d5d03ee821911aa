import { describe, expect, it } from '@jest/globals';
import { Rng } from '../random.js';
import { logDirMult, pooledLogLikelihood, seenRows } from './pooling.js';

describe('pooled marginal likelihood (ADR 0027)', () => {
  it('the shared-term sum equals the sum of per-council Dirichlet-multinomials, exactly', () => {
    const rng = new Rng(21);
    for (let trial = 0; trial < 20; trial++) {
      const width = 2 + rng.int(12);
      const rows = Array.from({ length: 1 + rng.int(14) }, () =>
        Array.from({ length: width }, () => (rng.uniform() < 0.4 ? 0 : rng.int(rng.uniform() < 0.2 ? 5000 : 30))),
      );
      rows.push(new Array<number>(width).fill(0));
      const raw = Array.from({ length: width }, () => 0.01 + rng.uniform());
      const total = raw.reduce((a, b) => a + b, 0);
      const base = raw.map((r) => r / total);
      for (const kappa of [1, 30, 3000, 100_000]) {
        const alpha = base.map((b) => kappa * b);
        const want = rows.reduce((sum, x) => sum + logDirMult(x, alpha), 0);
        expect(pooledLogLikelihood(seenRows(rows), base, kappa)).toBe(want);
      }
    }
  });
});
