import { ForecastError } from '../errors.js';
import {
  checkData,
  flat,
  seasonFactors,
  summed,
  type Row,
  type StockFlowData,
  type StockFlowPosterior,
} from './data.js';
import { POOLING_GRID, pooledLogLikelihood, seenRows } from './pooling.js';

interface PriorRow {
  to: number[];
  base: number[];
}

/**
 * Fits the stock-and-flow's posterior. Alone: weak priors (half a pseudo-count per row, spread as the council's own
 * overall stay/exit split). Pooled: each row's prior is the regional proportions times a strength chosen by
 * maximising the councils' Dirichlet-multinomial marginal likelihood (empirical Bayes), so a small council's rare
 * moves borrow from the region's and a council unlike the region keeps its own; entry seasonality is the region's.
 */
export function fitStockFlow(data: StockFlowData, region?: readonly StockFlowData[]): StockFlowPosterior {
  checkData(data);
  const { states, months } = data;
  const pooled = region !== undefined && region.length > 0;
  const others = pooled
    ? region.map((r) => {
        checkData(r);
        if (r.states.join() !== states.join())
          throw new ForecastError('transitions', 'pooled councils must share the state list');
        return summed(states, r.months);
      })
    : undefined;
  const season = pooled ? seasonFactors(region.flatMap((r) => r.months).concat(months)) : seasonFactors(months);
  return fitFromCounts(states, flat(summed(states, months)), months.length, season, others?.map(flat));
}

/**
 * The fit from summed counts (own and, when pooled, each other council's), so a back-test can sum by prefix instead
 * of re-reading every month at every origin (ADR 0027). `fitStockFlow` is this after summing.
 */
export function fitFromCounts(
  states: readonly string[],
  counts: Float64Array,
  monthCount: number,
  entrySeason: number[],
  others: Float64Array[] | undefined,
): StockFlowPosterior {
  const S = states.length;
  const entries = Array.from(counts.subarray(0, S));
  entries[0] = 0;
  const totalEntries = entries.reduce((a, b) => a + b, 0);

  const priorRows: PriorRow[] = [];
  let strengths: number[] | undefined;
  if (others) {
    strengths = [];
    for (let s = 0; s < S; s++) {
      const regional = new Array<number>(S).fill(0);
      for (const m of others) for (let t = 0; t < S; t++) if (!(s === 0 && t === 0)) regional[t]! += m[s * S + t]!;
      const to = regional.map((v, t) => (v > 0 ? t : -1)).filter((t) => t >= 0);
      const total = to.reduce((a, t) => a + regional[t]!, 0);
      if (total === 0) {
        priorRows.push({ to: [], base: [] });
        strengths.push(0);
        continue;
      }
      const base = to.map((t) => regional[t]! / total);
      // Each other council's row, read once; a council with no one in state s adds exactly 0 and is skipped.
      const rowsSeen = seenRows(others.map((m) => to.map((t) => m[s * S + t]!)));
      let best = POOLING_GRID[0]!;
      let bestLl = -Infinity;
      for (const kappa of POOLING_GRID) {
        const ll = pooledLogLikelihood(rowsSeen, base, kappa);
        if (ll > bestLl) [best, bestLl] = [kappa, ll];
      }
      strengths.push(best);
      priorRows.push({ to, base: base.map((b) => b * best) });
    }
  } else {
    let stay = 0;
    let exit = 0;
    for (let s = 1; s < S; s++) {
      stay += counts.subarray(s * S, (s + 1) * S).reduce((a, b) => a + b, 0) - counts[s * S]!;
      exit += counts[s * S]!;
    }
    const pExit = stay + exit === 0 ? 0.5 : (exit + 0.5) / (stay + exit + 1);
    priorRows.push({ to: [], base: [] });
    for (let s = 1; s < S; s++) priorRows.push({ to: [s, 0], base: [0.5 * (1 - pExit), 0.5 * pExit] });
  }

  const row = (s: number): Row => {
    const prior = priorRows[s]!;
    const alpha = new Array<number>(S).fill(0);
    prior.to.forEach((t, i) => (alpha[t]! += prior.base[i]!));
    for (let t = 0; t < S; t++) if (!(s === 0 && t === 0)) alpha[t]! += counts[s * S + t]!;
    if (s !== 0 && !alpha.some((a) => a > 0)) alpha[s] = 1;
    const to = alpha.map((a, t) => (a > 0 ? t : -1)).filter((t) => t >= 0);
    return { to, alpha: to.map((t) => alpha[t]!) };
  };
  let entryMix = row(0);
  if (entryMix.to.length === 0) entryMix = { to: [1], alpha: [1] };

  return {
    states,
    entryShape: 0.5 + totalEntries,
    entryRate: Math.max(1, monthCount),
    entrySeason,
    entryMix,
    rows: Array.from({ length: S }, (_, s) => (s === 0 ? { to: [], alpha: [] } : row(s))),
    ...(strengths ? { poolingStrength: strengths } : {}),
  };
}
