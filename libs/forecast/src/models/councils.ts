import type { Rng } from '../random.js';
import type { FittedModel, Model } from './model.js';

const MONTHS = 12;
const M = MONTHS;
/** Past forecasts needed at a horizon before its own errors make the interval (fewer: borrowed from a shorter one). */
const MIN_ERRORS = 8;

/**
 * The councils' method: a straight line through the last three complete annual totals (12-month sums ending at the
 * origin), the predicted total of each year ahead spread evenly over its months. With two years the line passes
 * through both; with one it is flat. Returns the monthly forecasts for steps 1..h. `M` is the periods in a year (1
 * for a series of annual figures, whose "totals" are the figures themselves).
 */
export function councilsLinePoint(train: readonly number[], h: number, M = MONTHS): number[] {
  const years = Math.min(3, Math.floor(train.length / M));
  if (years < 1) throw new RangeError('the councils’ line needs at least one complete year');
  const totals: number[] = [];
  for (let j = years; j >= 1; j--) {
    let sum = 0;
    for (let i = train.length - j * M; i < train.length - (j - 1) * M; i++) sum += train[i]!;
    totals.push(sum);
  }
  // Least squares through (1, A1) .. (k, Ak): the mean at (k + 1) / 2 and the slope.
  const xBar = (years + 1) / 2;
  const aBar = totals.reduce((s, a) => s + a, 0) / years;
  let sxy = 0;
  let sxx = 0;
  totals.forEach((a, i) => {
    sxy += (i + 1 - xBar) * (a - aBar);
    sxx += (i + 1 - xBar) ** 2;
  });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return Array.from({ length: h }, (_, i) => (aBar + slope * (years + Math.floor(i / M) + 1 - xBar)) / M);
}

/** The mean of the last 12 months, carried forward. */
export function mean12Point(train: readonly number[], h: number): number[] {
  const last = train.slice(-M);
  const m = last.reduce((s, v) => s + v, 0) / last.length;
  return new Array<number>(h).fill(m);
}

/**
 * The method's own errors on the training window: for every earlier origin s (from `minTrain`) and step k with
 * s + k <= n, actual - forecast. errors[k - 1] holds the step-k errors.
 */
export function pastErrors(
  train: readonly number[],
  h: number,
  minTrain: number,
  point: (y: readonly number[], h: number) => number[],
): number[][] {
  const errors = Array.from({ length: h }, () => [] as number[]);
  for (let s = minTrain; s < train.length; s++) {
    const steps = Math.min(h, train.length - s);
    const f = point(train.slice(0, s), steps);
    for (let k = 0; k < steps; k++) errors[k]!.push(train[s + k]! - f[k]!);
  }
  return errors;
}

/**
 * Paths for a method that has no error model: each step draws one of the method's own past errors at that step
 * (a step with fewer than MIN_ERRORS borrows the longest step that has them, widened by sqrt(step ratio)); with none
 * at all, one-step differences of the window (both signs) scaled by sqrt(step). Steps are drawn independently: only each step's
 * quantiles are used (bands), not the joint path.
 */
export function empiricalPaths(
  train: readonly number[],
  points: number[],
  errors: number[][],
  n: number,
  rng: Rng,
): number[][] {
  const diffs = train.slice(1).map((v, i) => v - train[i]!);
  const pools = points.map((_, k) => {
    for (let j = k; j >= 0; j--) {
      const pool = errors[j]!;
      if (pool.length >= MIN_ERRORS) return { pool, scale: Math.sqrt((k + 1) / (j + 1)) };
    }
    // Differences have the trend's sign; an error can go either way, so both signs.
    return { pool: diffs.length > 0 ? [...diffs, ...diffs.map((d) => -d)] : [0], scale: Math.sqrt(k + 1) };
  });
  return Array.from({ length: n }, () =>
    points.map((p, k) => {
      const { pool, scale } = pools[k]!;
      return p + scale * pool[rng.int(pool.length)]!;
    }),
  );
}

function empiricalModel(
  base: Pick<Model, 'name' | 'label' | 'minTrain'>,
  point: (y: readonly number[], h: number) => number[],
): Model {
  return {
    ...base,
    fit(train): FittedModel {
      const errorsFor = new Map<number, number[][]>();
      return {
        point: (h) => point(train, h),
        paths: (h, n, rng) => {
          let errors = errorsFor.get(h);
          if (!errors) errorsFor.set(h, (errors = pastErrors(train, h, base.minTrain, point)));
          return empiricalPaths(train, point(train, h), errors, n, rng);
        },
      };
    },
  };
}

/** The councils' method (the reference every "against the straight line" figure compares with). */
export const councilsLine: Model = empiricalModel(
  {
    name: 'straight-line',
    label: "councils' method: straight line through the last three annual totals, spread evenly over the months",
    minTrain: M,
  },
  councilsLinePoint,
);

/** The councils' method on a series of `period` values a year (12 monthly; 1 annual). */
export function councilsLineFor(period: number): Model {
  return period === MONTHS
    ? councilsLine
    : empiricalModel(
        { name: 'straight-line', label: `${councilsLine.label} (${period} a year)`, minTrain: period },
        (y, h) => councilsLinePoint(y, h, period),
      );
}

export const mean12: Model = empiricalModel(
  { name: 'mean-12', label: 'mean of the last 12 months', minTrain: M },
  mean12Point,
);
