import type { FittedModel, Model } from './model.js';

export type Combine = 'median' | 'mean';

function combine(how: Combine, xs: number[]): number {
  if (how === 'mean') return xs.reduce((s, x) => s + x, 0) / xs.length;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * A forecast combination: the point is the median (or mean) of the members' points. The interval combines the
 * members' predictive quantiles the same way (quantile averaging, "Vincentisation"): each member's simulated values
 * at a step are sorted and the k-th values combined, so the k-th combined value is the combined k-th quantile. The
 * returned paths carry each step's distribution, not a joint path (only per-step quantiles are used).
 */
export function combination(how: Combine, members: readonly Model[]): Model {
  if (members.length === 0) throw new RangeError('a combination needs members');
  return {
    name: how === 'median' ? 'combination-median' : 'combination-mean',
    label: `${how} of ${members.map((m) => m.name).join(', ')}`,
    minTrain: Math.max(...members.map((m) => m.minTrain)),
    fit(train, start, rng): FittedModel {
      const fitted = members.map((m) => m.fit(train, start, rng));
      return {
        point: (h) => {
          const points = fitted.map((f) => f.point(h));
          return Array.from({ length: h }, (_, i) =>
            combine(
              how,
              points.map((p) => p[i]!),
            ),
          );
        },
        paths: (h, n, r) => {
          const sorted = fitted.map((f) => {
            const paths = f.paths(h, n, r);
            return Array.from({ length: h }, (_, i) => Float64Array.from(paths, (p) => p[i]!).sort());
          });
          return Array.from({ length: n }, (_, k) =>
            Array.from({ length: h }, (_, i) =>
              combine(
                how,
                sorted.map((s) => s[i]![k]!),
              ),
            ),
          );
        },
      };
    },
  };
}

/**
 * The same model, its fits kept by training length: within one series' back-test every window of a given length is
 * the same window, so a combination and its members share one fit per origin instead of fitting twice. Use a fresh
 * wrapper per series.
 */
export function memoised(model: Model): Model {
  const fits = new Map<number, FittedModel>();
  return {
    ...model,
    fit(train, start, rng) {
      let f = fits.get(train.length);
      if (!f) fits.set(train.length, (f = model.fit(train, start, rng)));
      return f;
    },
  };
}
