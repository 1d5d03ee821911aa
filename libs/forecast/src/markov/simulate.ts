import { monthIndex } from '../month.js';
import type { Rng } from '../random.js';
import type { StockFlowPosterior } from './data.js';
import { applyScenario, type Scenario } from './scenario.js';

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
