import { addMonths } from './month.js';
import { OUT, type StockFlowData, type TransitionCell } from './markov/index.js';
import { Rng } from './random.js';

/**
 * SYNTHETIC data: a region of councils whose children move between placement category x age band states by known
 * rates (Poisson entries with a seasonal swing, monthly exits, changes of placement, ageing). For tests, the
 * benchmark and the demo; no real council's figures.
 */
export interface SyntheticRegionOptions {
  councils: number;
  months: number;
  seed: number;
  categories: readonly string[];
  ageBands: readonly string[];
  /** First month, default 2019-04. */
  start?: string;
}

export interface SyntheticCouncil {
  code: string;
  data: StockFlowData;
  /** The true rates used, for tests that check recovery. */
  truth: { entriesPerMonth: number; exitProbability: number[]; season: number[] };
}

/** Ageing: monthly probability of moving to the next band (band length in months), the last band exits at 18. */
const BAND_MONTHS = [12, 48, 60, 72, 24];

export function syntheticRegion(options: SyntheticRegionOptions): SyntheticCouncil[] {
  const rng = new Rng(options.seed);
  const { categories, ageBands } = options;
  const states = [OUT, ...categories.flatMap((c) => ageBands.map((a) => `${c}/${a}`))];
  const S = states.length;
  const catShare = categories.map((_, i) => Math.pow(0.45, i));
  const ageShare = ageBands.map((_, i) => [0.2, 0.2, 0.18, 0.27, 0.15][i] ?? 0.1);
  const season = Array.from({ length: 12 }, (_, m) => 1 + 0.3 * Math.sin((2 * Math.PI * (m - 2)) / 12));
  const start = options.start ?? '2019-04';
  return Array.from({ length: options.councils }, (_, c) => {
    const code = `E10${String(900_000 + c).padStart(6, '0')}`;
    const entries = 4 + 36 * rng.uniform();
    const mixRaw = states.map((s, i) => {
      if (i === 0) return 0;
      const [cat, age] = s.split('/');
      return catShare[categories.indexOf(cat!)]! * ageShare[ageBands.indexOf(age!)]! * (0.6 + 0.8 * rng.uniform());
    });
    const mixSum = mixRaw.reduce((a, b) => a + b, 0);
    const mix = mixRaw.map((m) => m / mixSum);
    const exitBase = 0.015 + 0.02 * rng.uniform();
    const rows = states.map((s, i) => {
      const p = new Array<number>(S).fill(0);
      if (i === 0) return p;
      const [cat, age] = s.split('/');
      const ci = categories.indexOf(cat!);
      const ai = ageBands.indexOf(age!);
      const ageing = 1 / (BAND_MONTHS[ai] ?? 60);
      const last = ai === ageBands.length - 1;
      p[0] = exitBase + (last ? ageing : 0);
      if (!last) p[1 + ci * ageBands.length + ai + 1] = ageing;
      const change = 0.008;
      categories.forEach((_, cj) => {
        if (cj !== ci) p[1 + cj * ageBands.length + ai]! += change / (categories.length - 1);
      });
      p[i] = 1 - p.reduce((a, b) => a + b, 0);
      return p;
    });
    let stock = mix.map((m) => Math.round(m * entries * 30));
    const cellsOf = (stockNow: number[], month: string, burnIn: boolean) => {
      const season1 = season[Number(month.slice(5, 7)) - 1]!;
      const cells = new Map<string, number>();
      const next = new Array<number>(S).fill(0);
      for (let s = 1; s < S; s++) {
        const moved = rng.multinomial(stockNow[s]!, rows[s]!);
        moved.forEach((k, t) => {
          if (k > 0) {
            cells.set(`${s}>${t}`, (cells.get(`${s}>${t}`) ?? 0) + k);
            if (t !== 0) next[t]! += k;
          }
        });
      }
      const arrivals = rng.multinomial(rng.poisson(entries * season1), mix);
      arrivals.forEach((k, t) => {
        if (k > 0 && t > 0) {
          cells.set(`0>${t}`, k);
          next[t]! += k;
        }
      });
      const out: TransitionCell[] = burnIn
        ? []
        : [...cells].map(([key, count]) => {
            const [f, t] = key.split('>').map(Number);
            return { from: states[f!]!, to: states[t!]!, count };
          });
      return { next, out };
    };
    for (let b = 0; b < 36; b++) stock = cellsOf(stock, addMonths(start, b - 36), true).next;
    const months = Array.from({ length: options.months }, (_, m) => {
      const month = addMonths(start, m);
      const { next, out } = cellsOf(stock, month, false);
      stock = next;
      return { month, cells: out };
    });
    return {
      code,
      data: { states, months },
      truth: { entriesPerMonth: entries, exitProbability: rows.map((r) => r[0]!), season },
    };
  });
}
