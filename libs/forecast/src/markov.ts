import { bands, type Band } from './backtest.js';
import { checkHorizon, ForecastError } from './errors.js';
import type { FittedModel, Model } from './models/model.js';
import { addMonths, daysInMonth, monthIndex } from './month.js';
import { Rng } from './random.js';
import { logGamma } from './stats.js';

/** The state outside care: entries come from it, exits go to it. */
export const OUT = 'out';

export interface TransitionCell {
  from: string;
  to: string;
  count: number;
}

/** One month's moves between states, stays (from === to) included, as in `council.need-transitions` v1. */
export interface TransitionMonth {
  month: string;
  cells: TransitionCell[];
}

/** A council's consecutive months of transitions over a state list whose first state is OUT. */
export interface StockFlowData {
  states: readonly string[];
  months: TransitionMonth[];
}

/** Dirichlet parameters over destination states (indexes into states). */
interface Row {
  to: number[];
  alpha: number[];
}

/** Posterior of the stock-and-flow's rates: Gamma for monthly entries, Dirichlet for entry mix and every row. */
export interface StockFlowPosterior {
  states: readonly string[];
  /** Entries per month ~ Gamma(shape, rate) (Poisson likelihood, Jeffreys prior). */
  entryShape: number;
  entryRate: number;
  /** Calendar-month factors (mean 1) on the entry rate; pooled across councils when the region is given. */
  entrySeason: number[];
  entryMix: Row;
  /** Transition rows for each in-care state (index 1..). */
  rows: Row[];
  /** The prior strength chosen per row by empirical Bayes (pooled fits only), for the record. */
  poolingStrength?: number[];
}

function checkData(data: StockFlowData): void {
  if (data.states[0] !== OUT) throw new ForecastError('transitions', `the first state must be "${OUT}"`);
  const known = new Set(data.states);
  data.months.forEach((m, i) => {
    if (i > 0 && monthIndex(m.month) !== monthIndex(data.months[i - 1]!.month) + 1)
      throw new ForecastError(
        'transitions',
        `months must be consecutive: ${data.months[i - 1]!.month} then ${m.month}`,
      );
    for (const c of m.cells) {
      if (!known.has(c.from) || !known.has(c.to))
        throw new ForecastError('transitions', `${m.month}: unknown state in ${c.from}->${c.to}`);
      if (!Number.isInteger(c.count) || c.count < 0)
        throw new ForecastError('transitions', `${m.month}: count ${c.count} is not a whole number`);
    }
  });
}

const flat = (m: number[][]): Float64Array => Float64Array.from(m.flat());

/** Counts summed over months: matrix[from][to]. */
function summed(states: readonly string[], months: readonly TransitionMonth[]): number[][] {
  const index = new Map(states.map((s, i) => [s, i]));
  const m = states.map(() => new Array<number>(states.length).fill(0));
  for (const month of months) for (const c of month.cells) m[index.get(c.from)!]![index.get(c.to)!]! += c.count;
  return m;
}

/** Children looked after at the end of each month (everyone whose destination is not OUT). */
export function stockSeries(data: StockFlowData): number[] {
  return data.months.map((m) => m.cells.reduce((s, c) => s + (c.to === OUT ? 0 : c.count), 0));
}

/** The stock by state at the end of a month. */
export function stockAtEnd(states: readonly string[], month: TransitionMonth): number[] {
  const index = new Map(states.map((s, i) => [s, i]));
  const v = new Array<number>(states.length).fill(0);
  for (const c of month.cells) if (c.to !== OUT) v[index.get(c.to)!]! += c.count;
  return v;
}

function entriesByCalendarMonth(months: readonly TransitionMonth[]): { sum: number[]; n: number[] } {
  const sum = new Array<number>(12).fill(0);
  const n = new Array<number>(12).fill(0);
  for (const m of months) {
    const k = monthIndex(m.month) % 12;
    n[k]!++;
    for (const c of m.cells) if (c.from === OUT) sum[k]! += c.count;
  }
  return { sum, n };
}

/** Seasonal factors of entries, each shrunk toward 1 by SEASON_PSEUDO_MONTHS of the average month. */
export const SEASON_PSEUDO_MONTHS = 2;
function seasonFactors(months: readonly TransitionMonth[]): number[] {
  return seasonFromSums(entriesByCalendarMonth(months));
}
function seasonFromSums({ sum, n }: { sum: readonly number[]; n: readonly number[] }): number[] {
  const totalN = n.reduce((a, b) => a + b, 0);
  const average = totalN === 0 ? 0 : sum.reduce((a, b) => a + b, 0) / totalN;
  if (average === 0) return new Array<number>(12).fill(1);
  const raw = sum.map((s, k) => (s + SEASON_PSEUDO_MONTHS * average) / ((n[k]! + SEASON_PSEUDO_MONTHS) * average));
  const norm = raw.reduce((a, b) => a + b, 0) / 12;
  return raw.map((f) => f / norm);
}

/** log Dirichlet-multinomial likelihood of counts x under alpha (the multinomial coefficient, constant, omitted). */
function logDirMult(x: readonly number[], alpha: readonly number[]): number {
  const n = x.reduce((a, b) => a + b, 0);
  const a = alpha.reduce((s, v) => s + v, 0);
  let ll = logGamma(a) - logGamma(n + a);
  for (let j = 0; j < x.length; j++) if (x[j]! > 0) ll += logGamma(x[j]! + alpha[j]!) - logGamma(alpha[j]!);
  return ll;
}

/** One council's counts in a row, as the pooled likelihood reads them: the total and the destinations seen. */
interface SeenRow {
  n: number;
  at: Int32Array;
  counts: Float64Array;
}

/** Each council's row with at least one child in it, read once (a council with none adds exactly 0 and is left out). */
function seenRows(rows: readonly number[][]): SeenRow[] {
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
function pooledLogLikelihood(rows: readonly SeenRow[], base: readonly number[], kappa: number): number {
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
function fitFromCounts(
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

/** Scale and/or add to rates of the states matched (`fostering/16-plus`, `fostering/*`, `* /16-plus`, or all). */
export interface RateChange {
  states?: string[];
  /** Multiply the rate (entries: children per month; exits and transitions: monthly probability). */
  scale?: number;
  /** Add to it: entries in children per month (spread over the matched states by their share); probabilities otherwise. */
  add?: number;
}

export interface Scenario {
  name?: string;
  entries?: RateChange[];
  exits?: RateChange[];
  transitions?: RateChange[];
}

function matches(patterns: string[] | undefined, state: string): boolean {
  if (!patterns || patterns.length === 0) return true;
  const [cat, age] = state.split('/');
  return patterns.some((p) => {
    const [pc, pa] = p.split('/');
    return (pc === '*' || pc === cat) && (pa === undefined || pa === '*' || pa === age);
  });
}

export function checkScenario(scenario: Scenario, states: readonly string[]): void {
  for (const [kind, changes] of Object.entries({
    entries: scenario.entries,
    exits: scenario.exits,
    transitions: scenario.transitions,
  })) {
    for (const c of changes ?? []) {
      if (c.scale !== undefined && !(Number.isFinite(c.scale) && c.scale >= 0 && c.scale <= 100))
        throw new ForecastError('scenario', `${kind}: scale must be a number from 0 to 100`);
      if (c.add !== undefined && !Number.isFinite(c.add))
        throw new ForecastError('scenario', `${kind}: add must be a number`);
      if (kind !== 'entries' && c.add !== undefined && Math.abs(c.add) > 1)
        throw new ForecastError('scenario', `${kind}: add is a monthly probability, from -1 to 1`);
      for (const p of c.states ?? [])
        if (!states.slice(1).some((s) => matches([p], s)))
          throw new ForecastError('scenario', `${kind}: "${p}" matches no state`);
    }
  }
}

/** One simulation's rates after the scenario: entries per state per month (before season) and rows as probabilities. */
interface Rates {
  entry: number[];
  /** Per state: destinations by falling probability, with the conditional probabilities of a sequential multinomial. */
  rows: { to: number[]; cond: number[] }[];
}

/** Orders a row by falling probability (the stay first, so later draws are on the few who move) and conditions it. */
function sequential(row: { to: number[]; p: number[] }): { to: number[]; cond: number[] } {
  const order = row.p.map((p, j) => [p, j] as const).sort((x, y) => y[0] - x[0]);
  let mass = 1;
  const cond = order.map(([p]) => {
    const c = mass > 0 ? Math.min(1, Math.max(0, p / mass)) : 0;
    mass -= p;
    return c;
  });
  if (cond.length > 0) cond[cond.length - 1] = 1;
  return { to: order.map(([, j]) => row.to[j]!), cond };
}

function drawRates(post: StockFlowPosterior, rng: Rng, scenario: Scenario | undefined): Rates {
  const S = post.states.length;
  const lambda = rng.gamma(post.entryShape) / post.entryRate;
  const mix = rng.dirichlet(post.entryMix.alpha);
  const entry = new Array<number>(S).fill(0);
  post.entryMix.to.forEach((t, i) => (entry[t] = lambda * mix[i]!));
  const rows = post.rows.map((r) => ({ to: [...r.to], p: r.alpha.length ? rng.dirichlet(r.alpha) : [] }));
  if (scenario) applyScenario(post.states, entry, rows, scenario);
  return { entry, rows: rows.map(sequential) };
}

function applyScenario(
  states: readonly string[],
  entry: number[],
  rows: { to: number[]; p: number[] }[],
  sc: Scenario,
): void {
  for (const c of sc.entries ?? []) {
    const hit = states.map((s, i) => i > 0 && matches(c.states, s));
    const n = hit.filter(Boolean).length;
    const base = entry.reduce((sum, e, i) => sum + (hit[i] ? e : 0), 0);
    for (let i = 1; i < states.length; i++) {
      if (!hit[i]) continue;
      const share = base > 0 ? entry[i]! / base : 1 / n;
      entry[i] = Math.max(0, entry[i]! * (c.scale ?? 1) + (c.add ?? 0) * share);
    }
  }
  for (let s = 1; s < states.length; s++) {
    const r = rows[s]!;
    const idx = (t: number) => r.to.indexOf(t);
    for (const c of sc.exits ?? []) {
      if (!matches(c.states, states[s]!)) continue;
      let k = idx(0);
      if (k < 0) {
        r.to.push(0);
        r.p.push(0);
        k = r.to.length - 1;
      }
      const old = r.p[k]!;
      const next = Math.min(1, Math.max(0, old * (c.scale ?? 1) + (c.add ?? 0)));
      const rest = 1 - old;
      r.p = r.p.map((p, j) => (j === k ? next : rest > 0 ? (p * (1 - next)) / rest : 0));
      if (rest <= 0 && next < 1) {
        // Everyone used to leave: those who now stay, stay where they are.
        let st = idx(s);
        if (st < 0) {
          r.to.push(s);
          r.p.push(0);
          st = r.to.length - 1;
        }
        r.p[st] = 1 - next;
      }
    }
    for (const c of sc.transitions ?? []) {
      if (!matches(c.states, states[s]!)) continue;
      let st = idx(s);
      if (st < 0) {
        r.to.push(s);
        r.p.push(0);
        st = r.to.length - 1;
      }
      const moveIdx = r.to.map((t, j) => (t !== 0 && t !== s ? j : -1)).filter((j) => j >= 0);
      const moving = moveIdx.reduce((a, j) => a + r.p[j]!, 0);
      const available = r.p[st]! + moving;
      const target = Math.min(available, Math.max(0, moving * (c.scale ?? 1) + (c.add ?? 0)));
      for (const j of moveIdx) r.p[j] = moving > 0 ? (r.p[j]! * target) / moving : target / moveIdx.length;
      r.p[st] = available - target;
    }
  }
}

function step(stock: number[], rates: Rates, season: number, rng: Rng): number[] {
  const next = new Array<number>(stock.length).fill(0);
  for (let s = 1; s < stock.length; s++) {
    let left = stock[s]!;
    const { to, cond } = rates.rows[s]!;
    for (let j = 0; j < to.length && left > 0; j++) {
      const k = j === to.length - 1 ? left : rng.binomial(left, cond[j]!);
      left -= k;
      if (to[j] !== 0) next[to[j]!]! += k;
    }
    if (rates.entry[s]! > 0) next[s]! += rng.poisson(rates.entry[s]! * season);
  }
  return next;
}

/** Simulated stocks by state: paths[sim][step][state]. */
export function simulateStockFlow(
  post: StockFlowPosterior,
  start: number[],
  firstMonth: string,
  horizon: number,
  sims: number,
  rng: Rng,
  scenario?: Scenario,
): number[][][] {
  const first = monthIndex(firstMonth);
  return Array.from({ length: sims }, () => {
    const rates = drawRates(post, rng, scenario);
    let stock = start;
    return Array.from(
      { length: horizon },
      (_, h) => (stock = step(stock, rates, post.entrySeason[(first + h) % 12]!, rng)),
    );
  });
}

/** The chain's expected stock by state for steps 1..h, at the posterior mean rates (the point forecast). */
export function expectedStock(
  post: StockFlowPosterior,
  start: number[],
  firstMonth: string,
  horizon: number,
): number[][] {
  const S = post.states.length;
  const first = monthIndex(firstMonth);
  const lambda = post.entryShape / post.entryRate;
  const mixTotal = post.entryMix.alpha.reduce((a, b) => a + b, 0);
  const rows = post.rows.map((r) => {
    const total = r.alpha.reduce((a, b) => a + b, 0);
    return { to: r.to, p: r.alpha.map((a) => a / total) };
  });
  let stock = start;
  return Array.from({ length: horizon }, (_, h) => {
    const next = new Array<number>(S).fill(0);
    const season = post.entrySeason[(first + h) % 12]!;
    post.entryMix.to.forEach((t, i) => (next[t]! += (lambda * season * post.entryMix.alpha[i]!) / mixTotal));
    for (let s = 1; s < S; s++)
      rows[s]!.to.forEach((t, j) => {
        if (t !== 0) next[t]! += stock[s]! * rows[s]!.p[j]!;
      });
    return (stock = next);
  });
}

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

/** Running sums of a council's counts and entries by calendar month, month by month (shared between models). */
interface Prefix {
  first: number;
  /** counts[k]: matrix[from * S + to] summed over the first k months. */
  counts: Float64Array[];
  /** entries[k] and months[k]: entries and months by calendar month over the first k months. */
  entries: number[][];
  months: number[][];
}

const prefixes = new WeakMap<StockFlowData, Prefix>();

function prefixOf(data: StockFlowData): Prefix {
  const known = prefixes.get(data);
  if (known) return known;
  const S = data.states.length;
  const index = new Map(data.states.map((st, i) => [st, i]));
  const counts = [new Float64Array(S * S)];
  const entries = [new Array<number>(12).fill(0)];
  const months = [new Array<number>(12).fill(0)];
  for (const m of data.months) {
    const c = Float64Array.from(counts[counts.length - 1]!);
    const e = [...entries[entries.length - 1]!];
    const n = [...months[months.length - 1]!];
    const k = monthIndex(m.month) % 12;
    n[k]!++;
    for (const cell of m.cells) {
      c[index.get(cell.from)! * S + index.get(cell.to)!]! += cell.count;
      if (cell.from === OUT) e[k]! += cell.count;
    }
    counts.push(c);
    entries.push(e);
    months.push(n);
  }
  const out = { first: data.months.length > 0 ? monthIndex(data.months[0]!.month) : 0, counts, entries, months };
  prefixes.set(data, out);
  return out;
}

/**
 * The stock-and-flow as a model of the total, for the back-test: fitted on the months before the origin (and, when
 * pooled, the other councils' months before it too), starting from the stock at the origin.
 */
export function stockFlowModel(data: StockFlowData, region?: readonly StockFlowData[]): Model {
  checkData(data);
  const pooled = region !== undefined && region.length > 0;
  for (const r of region ?? []) {
    checkData(r);
    if (r.states.join() !== data.states.join())
      throw new ForecastError('transitions', 'pooled councils must share the state list');
  }
  return {
    name: pooled ? 'markov-pooled' : 'markov',
    label: pooled
      ? 'Markov stock-and-flow, rates pooled across the region (empirical Bayes)'
      : 'Markov stock-and-flow (age band x placement, Poisson entries)',
    minTrain: 6,
    fit(train): FittedModel {
      const t = train.length;
      const before = data.months.slice(0, t);
      const cutoff = monthIndex(before[before.length - 1]!.month);
      // The same fit as fitStockFlow on the months up to the cutoff (the others' too), summed by prefix.
      const own = prefixOf(data);
      const upTo = pooled
        ? region.map((r) => {
            const p = prefixOf(r);
            return { p, k: r.months.length === 0 ? 0 : Math.min(r.months.length, Math.max(0, cutoff - p.first + 1)) };
          })
        : [];
      const sum = new Array<number>(12).fill(0);
      const n = new Array<number>(12).fill(0);
      for (const { p, k } of [...upTo, { p: own, k: t }])
        for (let m = 0; m < 12; m++) {
          sum[m]! += p.entries[k]![m]!;
          n[m]! += p.months[k]![m]!;
        }
      const post = fitFromCounts(
        data.states,
        own.counts[t]!,
        t,
        seasonFromSums({ sum, n }),
        pooled ? upTo.map(({ p, k }) => p.counts[k]!) : undefined,
      );
      const start = stockAtEnd(data.states, before[before.length - 1]!);
      const firstMonth = addMonths(before[before.length - 1]!.month, 1);
      const totals = (h: number, n: number, r: Rng) =>
        simulateStockFlow(post, start, firstMonth, h, n, r).map((p) => p.map((v) => v.reduce((a, b) => a + b, 0)));
      return {
        point: (h) => expectedStock(post, start, firstMonth, h).map((v) => v.reduce((a, b) => a + b, 0)),
        paths: (h, n, r) => totals(h, n, r),
        moments: (h) => stockFlowMoments(post, start, firstMonth, h),
      };
    },
  };
}

/** Weekly price per placement category, integer pence. */
export type WeeklyPrices = Record<string, number>;

export function checkPrices(prices: WeeklyPrices): void {
  for (const [category, pence] of Object.entries(prices))
    if (!Number.isInteger(pence) || pence < 0 || pence > 10_000_000)
      throw new ForecastError(
        'prices',
        `${category}: a weekly price is whole pence from 0 to 10,000,000, got ${pence}`,
      );
}

export interface StockFlowForecast {
  months: string[];
  total: Band[];
  byCategory: { category: string; bands: Band[] }[];
  /** Monthly cost in pence (bands rounded to whole pence), when prices were given: stock x weekly price x days / 7. */
  cost: Band[] | null;
  scenario: Scenario | null;
  poolingStrength: number[] | null;
}

/** Forecast of stocks by category (and costs) from the latest month of data, optionally under a scenario. */
export function forecastStockFlow(
  data: StockFlowData,
  options: {
    horizon: number;
    seed: number;
    sims?: number;
    scenario?: Scenario;
    prices?: WeeklyPrices;
    region?: readonly StockFlowData[];
  },
): StockFlowForecast {
  checkHorizon(options.horizon);
  checkData(data);
  if (data.months.length === 0) throw new ForecastError('transitions', 'no months of transitions');
  if (options.scenario) checkScenario(options.scenario, data.states);
  if (options.prices) checkPrices(options.prices);
  const rng = new Rng(options.seed);
  const post = fitStockFlow(data, options.region);
  const last = data.months[data.months.length - 1]!;
  const firstMonth = addMonths(last.month, 1);
  const paths = simulateStockFlow(
    post,
    stockAtEnd(data.states, last),
    firstMonth,
    options.horizon,
    options.sims ?? 1000,
    rng,
    options.scenario,
  );
  const months = Array.from({ length: options.horizon }, (_, h) => addMonths(firstMonth, h));
  const summarise = (f: (v: number[], h: number) => number) => {
    const series = paths.map((p) => p.map(f));
    const means = months.map((_, h) => series.reduce((a, s) => a + s[h]!, 0) / series.length);
    return bands(means, series, true);
  };
  const categories = [...new Set(data.states.slice(1).map((s) => s.split('/')[0]!))];
  const catOf = data.states.map((s) => s.split('/')[0]!);
  const prices = options.prices;
  return {
    months,
    total: summarise((v) => v.reduce((a, b) => a + b, 0)),
    byCategory: categories.map((category) => ({
      category,
      bands: summarise((v) => v.reduce((a, b, i) => a + (catOf[i] === category ? b : 0), 0)),
    })),
    cost: prices
      ? summarise((v, h) => {
          const days = daysInMonth(months[h]!);
          return v.reduce((a, b, i) => a + (i === 0 ? 0 : (b * (prices[catOf[i]!] ?? 0) * days) / 7), 0);
        }).map((b) => ({
          point: Math.round(b.point),
          lower80: Math.round(b.lower80),
          upper80: Math.round(b.upper80),
          lower95: Math.round(b.lower95),
          upper95: Math.round(b.upper95),
        }))
      : null,
    scenario: options.scenario ?? null,
    poolingStrength: post.poolingStrength ?? null,
  };
}

/** For tests: the marginal likelihood, per council and pooled. */
export const _poolingInternals = { logDirMult, pooledLogLikelihood, seenRows };
