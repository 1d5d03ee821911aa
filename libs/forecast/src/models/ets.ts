import { mean } from '../stats.js';
import type { FittedModel, Model } from './model.js';
import { estimate, filter, M, project, type Params, type State } from './ets-filter.js';

/** How many bootstrap refits stand for parameter uncertainty. */
export const ETS_REFITS = 12;

/**
 * Damped-trend exponential smoothing; with `seasonal`, Holt-Winters additive seasonality once the window has two
 * years. Parameters are fitted by minimising the one-step squared error. Paths: the series is rebuilt from its fitted
 * values plus resampled residuals, the parameters refitted on each rebuilt series (a residual bootstrap), and each
 * refit filtered through the real data before simulating, so the band carries the error in alpha, beta, gamma, phi.
 */
function etsModel(name: 'ets-damped' | 'holt-winters', label: string, allowSeasonal: boolean): Model {
  return {
    name,
    label,
    minTrain: 8,
    fit(train, _start, rng): FittedModel {
      const seasonal = allowSeasonal && train.length >= 2 * M;
      const fit = estimate(train, seasonal);
      const k = seasonal ? 4 + 2 + M : 4 + 2;
      const df = Math.max(1, train.length - k);
      const fitted = train.map((v, i) => v - fit.errors[i]!);
      const centred = fit.errors.map((e) => e - mean(fit.errors));
      const refits: { params: Params; state: State; sigma: number }[] = [];
      for (let b = 0; b < ETS_REFITS; b++) {
        const rebuilt = fitted.map((f) => f + centred[rng.int(centred.length)]!);
        const again = estimate(rebuilt, seasonal);
        const onData = filter(train, again.params, seasonal);
        const sse = onData.errors.reduce((s, e) => s + e * e, 0);
        refits.push({ params: again.params, state: onData.state, sigma: Math.sqrt(sse / df) });
      }
      return {
        point: (h) => project(fit.state, fit.params, h, seasonal),
        paths: (h, n, r) =>
          Array.from({ length: n }, (_, i) => {
            const refit = refits[i % refits.length]!;
            // sigma itself is uncertain too: scale by a chi-square draw as for the baselines.
            const sd = refit.sigma * Math.sqrt(df / r.chiSquare(df));
            return project(refit.state, refit.params, h, seasonal, () => sd * r.normal());
          }),
      };
    },
  };
}

/** Damped-trend exponential smoothing without seasonality, ETS(A,Ad,N). */
export const etsDamped: Model = etsModel('ets-damped', 'exponential smoothing, damped trend', false);

/** Holt-Winters: damped trend and additive seasonality (from 24 months in the window), ETS(A,Ad,A). */
export const holtWinters: Model = etsModel(
  'holt-winters',
  'Holt-Winters: damped trend, additive seasonality (from 24 months)',
  true,
);
