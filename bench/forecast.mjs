// Forecast benchmark: back-test every series of a 15-council SYNTHETIC region (generated with known rates by
// @rcc/forecast's syntheticRegion; no real council's data) with every model, against a baseline measured in the same
// run: the councils' method's back-test alone on the same series (a straight line through the last three annual
// totals). Prints the time ratio, and the chosen models' MASE and MAE against the councils' method's, BEFORE (the
// old candidates and rule: lowest MASE) and AFTER (ADR 0037: combinations, chosen early and confirmed late), and the
// stock-and-flow (Markov) models against the combination. Also times each model's back-test, and
// (--compare-simulated) scores the same back-test with simulated intervals at every origin (ADR 0027).
// --real: the same measures on the real published series in bench/data (bench/forecast-real.mjs) instead.
// Writes bench/out/forecast.json. Run: npm run bench:forecast [-- --councils 15 --months 48 --horizon 12] [--real]
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { AGE_BANDS, PLACEMENT_CATEGORIES } from '@rcc/contracts';
import {
  backtest,
  choose,
  councilsLine,
  forecastSeries,
  holtWinters,
  leastSquaresLine,
  naive,
  seasonalNaive,
  stockFlowModel,
  stockSeries,
  syntheticRegion,
  UNIVARIATE_MODELS,
} from '@rcc/forecast';

const { values } = parseArgs({
  options: {
    councils: { type: 'string', default: '15' },
    months: { type: 'string', default: '48' },
    horizon: { type: 'string', default: '12' },
    sims: { type: 'string', default: '150' },
    'compare-simulated': { type: 'boolean', default: false },
    real: { type: 'boolean', default: false },
  },
});
if (values.real) {
  await import('./forecast-real.mjs');
  process.exit(0);
}
/** The candidates before ADR 0037 (the old "ets-damped" was today's holt-winters; the old "straight-line" a monthly line). */
const BEFORE_MODELS = [naive, seasonalNaive, leastSquaresLine, holtWinters];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const loadBefore = loadavg()[0];
const councils = Number(values.councils);
const months = Number(values.months);
const horizon = Number(values.horizon);
const sims = Number(values.sims);

const region = syntheticRegion({ councils, months, seed: 2024, categories: PLACEMENT_CATEGORIES, ageBands: AGE_BANDS });
console.log(
  `SYNTHETIC region: ${councils} councils x ${months} months (${PLACEMENT_CATEGORIES.length * AGE_BANDS.length} states); ` +
    `rolling-origin back-test, horizons 1-${horizon}, ${sims} simulated paths per origin`,
);

const series = region.map((c) => ({ start: c.data.months[0].month, values: stockSeries(c.data) }));

// Baseline: the councils' method's back-test alone, on every series.
let t0 = performance.now();
for (const s of series) backtest(s.values, councilsLine, { horizon, start: 0, seed: 1, sims, nonNegative: true });
const baselineMs = performance.now() - t0;

// Everything: every candidate (baselines, damped smoothing, Markov, pooled Markov) back-tested on every series.
t0 = performance.now();
const results = region.map((c, i) => {
  const others = region.filter((o) => o !== c).map((o) => o.data);
  const models = [...UNIVARIATE_MODELS, stockFlowModel(c.data), stockFlowModel(c.data, others)];
  return forecastSeries(series[i], { horizon, seed: 1, models, backtestSims: sims, sims: 1000 });
});
const allMs = performance.now() - t0;

// Each model's back-test on every series, timed on its own (the same options as forecastSeries uses).
const perModelMs = {};
region.forEach((c, i) => {
  const others = region.filter((o) => o !== c).map((o) => o.data);
  const models = [...UNIVARIATE_MODELS, stockFlowModel(c.data), stockFlowModel(c.data, others)];
  models.forEach((m, k) => {
    const t = performance.now();
    backtest(series[i].values, m, { horizon, start: 0, seed: 1 + k, sims, nonNegative: true });
    perModelMs[m.name] = (perModelMs[m.name] ?? 0) + performance.now() - t;
  });
});

const ok = results.filter((r) => r.status === 'ok');
const chosen = {};
for (const r of ok) chosen[r.chosen] = (chosen[r.chosen] ?? 0) + 1;
const sum = (f) => ok.reduce((a, r) => a + f(r), 0);
const lineMase = sum((r) => r.backtest.find((b) => b.model === 'straight-line').mase);
const lineMae = sum((r) => r.backtest.find((b) => b.model === 'straight-line').mae);
const chosenMase = sum((r) => r.backtest.find((b) => b.model === r.chosen).mase);
const chosenMae = sum((r) => r.backtest.find((b) => b.model === r.chosen).mae);
const chosenRow = (r) => r.backtest.find((b) => b.model === r.chosen);
const fc = (r) => chosenRow(r).forecasts;
const cover = (k) => sum((r) => chosenRow(r)[k] * fc(r)) / sum(fc);
const rules = {};
for (const r of ok) rules[r.selection.rule] = (rules[r.selection.rule] ?? 0) + 1;
// On the later origins only (the choice was made on the earlier ones and only confirmed there).
const lateChosen = sum((r) => r.selection.late[r.chosen] ?? NaN);
const lateLine = sum((r) => r.selection.late['straight-line'] ?? NaN);

// BEFORE: the old candidates and the old rule (lowest MASE over every origin), scored against the councils' method.
const before = region.map((c, i) => {
  const others = region.filter((o) => o !== c).map((o) => o.data);
  const models = [...BEFORE_MODELS, stockFlowModel(c.data), stockFlowModel(c.data, others)];
  const r = forecastSeries(series[i], { horizon, seed: 1, models, backtestSims: sims, sims: 200 });
  const line = backtest(series[i].values, councilsLine, { horizon, start: 0, seed: 99, sims, nonNegative: true });
  const row = r.backtest.find((b) => b.model === r.chosen);
  return {
    chosen: r.chosen,
    mase: row.mase,
    mae: row.mae,
    c80: row.coverage80,
    c95: row.coverage95,
    n: row.forecasts,
    line,
  };
});
const bsum = (f) => before.reduce((a, b) => a + f(b), 0);
const beforePicks = {};
for (const b of before) beforePicks[b.chosen] = (beforePicks[b.chosen] ?? 0) + 1;

// The stock-and-flow models against the combination (the default), on the same origins.
const markovVsCombination = ['markov', 'markov-pooled'].map((m) => {
  let wins = 0;
  let mase = 0;
  let combo = 0;
  for (const r of ok) {
    const mk = r.backtest.find((b) => b.model === m).mase;
    const cb = Math.min(...r.backtest.filter((b) => b.model.startsWith('combination')).map((b) => b.mase));
    mase += mk;
    combo += cb;
    if (mk < cb) wins++;
  }
  return { model: m, meanMase: mase / ok.length, combinationMeanMase: combo / ok.length, seriesWhereItWins: wins };
});

console.log(`baseline (the councils' method's back-test alone): ${(baselineMs / 1000).toFixed(2)} s`);
console.log(`all models back-tested and the chosen one forecast: ${(allMs / 1000).toFixed(2)} s`);
console.log(`ratio all / baseline: ${(allMs / baselineMs).toFixed(1)}x`);
console.log(
  `each model's back-test on every series: ${Object.entries(perModelMs)
    .map(([m, ms]) => `${m} ${(ms / 1000).toFixed(2)} s`)
    .join(', ')}`,
);
console.log(`AFTER: chosen models ${JSON.stringify(chosen)}; rules ${JSON.stringify(rules)}`);
console.log(
  `AFTER: mean MASE over ${ok.length} series: chosen ${(chosenMase / ok.length).toFixed(3)}, councils' method ` +
    `${(lineMase / ok.length).toFixed(3)}; ratio ${(chosenMase / lineMase).toFixed(3)}; MAE ratio ${(chosenMae / lineMae).toFixed(3)}; ` +
    `on the later (confirming) origins only: ratio ${(lateChosen / lateLine).toFixed(3)}`,
);
console.log(
  `BEFORE (old candidates, lowest MASE): chosen ${JSON.stringify(beforePicks)}; mean MASE ${(bsum((b) => b.mase) / before.length).toFixed(3)} ` +
    `against the councils' method's ${(bsum((b) => b.line.mase) / before.length).toFixed(3)}: ratio ` +
    `${(bsum((b) => b.mase) / bsum((b) => b.line.mase)).toFixed(3)}; MAE ratio ${(bsum((b) => b.mae) / bsum((b) => b.line.mae)).toFixed(3)}; ` +
    `coverage 80% ${((100 * bsum((b) => b.c80 * b.n)) / bsum((b) => b.n)).toFixed(1)}%, 95% ${((100 * bsum((b) => b.c95 * b.n)) / bsum((b) => b.n)).toFixed(1)}%`,
);
for (const m of markovVsCombination)
  console.log(
    `${m.model}: mean MASE ${m.meanMase.toFixed(3)} against the combination's ${m.combinationMeanMase.toFixed(3)}; ` +
      `better on ${m.seriesWhereItWins} of ${ok.length} series`,
  );
console.log(
  `chosen models' back-test coverage: 80% interval ${(100 * cover('coverage80')).toFixed(1)}%, 95% interval ${(100 * cover('coverage95')).toFixed(1)}%`,
);

// The slow path for comparison: the chosen models' back-tests again with simulated intervals at every origin.
let simulated = null;
if (values['compare-simulated']) {
  t0 = performance.now();
  let c80 = 0;
  let c95 = 0;
  let n = 0;
  let singles = 0;
  region.forEach((c, i) => {
    const r = results[i];
    if (r.status !== 'ok') return;
    const others = region.filter((o) => o !== c).map((o) => o.data);
    const models = [...UNIVARIATE_MODELS, stockFlowModel(c.data), stockFlowModel(c.data, others)];
    const k = models.findIndex((m) => m.name === r.chosen);
    // A combination has no simulated path of its own (its intervals are its members'): compared on single models only.
    if (k < 0) return;
    singles++;
    const row = backtest(series[i].values, models[k], {
      horizon,
      start: 0,
      seed: 1 + k,
      sims,
      nonNegative: true,
      firstOrigin: 13,
      simulate: true,
    });
    c80 += row.coverage80 * row.forecasts;
    c95 += row.coverage95 * row.forecasts;
    n += row.forecasts;
  });
  simulated = { seconds: (performance.now() - t0) / 1000, series: singles, coverage80: c80 / n, coverage95: c95 / n };
  console.log(
    `the same chosen models with simulated intervals at every origin (${singles} series whose choice is a single model; slow path, ${simulated.seconds.toFixed(1)} s): ` +
      `80% interval ${(100 * simulated.coverage80).toFixed(1)}%, 95% interval ${(100 * simulated.coverage95).toFixed(1)}%`,
  );
}

// Selection is scored on the same back-test it was made on, which flatters the chosen model. The honest check:
// choose on the origins before month SPLIT, score the choice (and the straight line) only on the origins after it.
const split = Math.floor(months * 0.6);
let heldChosen = 0;
let heldLine = 0;
const heldPicks = {};
t0 = performance.now();
region.forEach((c, i) => {
  const others = region.filter((o) => o !== c).map((o) => o.data);
  const models = [...UNIVARIATE_MODELS, stockFlowModel(c.data), stockFlowModel(c.data, others)];
  const opts = { horizon, start: 0, seed: 1, sims, nonNegative: true };
  const early = models.map((m) => backtest(series[i].values, m, { ...opts, firstOrigin: 13, endOrigin: split }));
  const pick = choose(early).row.model;
  heldPicks[pick] = (heldPicks[pick] ?? 0) + 1;
  const model = models.find((m) => m.name === pick);
  heldChosen += backtest(series[i].values, model, { ...opts, firstOrigin: split }).mase;
  heldLine += backtest(series[i].values, councilsLine, { ...opts, firstOrigin: split }).mase;
});
console.log(
  `held out (chosen on origins 13-${split - 1}, scored on origins ${split}-${months - 1}; ${((performance.now() - t0) / 1000).toFixed(1)} s): ` +
    `(old rule, lowest MASE, on the current candidates) picks ${JSON.stringify(heldPicks)}, mean MASE chosen ${(heldChosen / region.length).toFixed(3)}, councils' method ` +
    `${(heldLine / region.length).toFixed(3)}; ratio ${(heldChosen / heldLine).toFixed(3)}`,
);

const report = {
  benchmark: 'forecast',
  synthetic: true,
  councils,
  months,
  horizon,
  backtestSims: sims,
  machine: { cpus: cpus().length, loadAverage1mBefore: loadBefore, loadAverage1mAfter: loadavg()[0] },
  seconds: {
    baselineCouncilsMethodAlone: baselineMs / 1000,
    allModelsBacktestedAndChosenForecast: allMs / 1000,
    perModelBacktest: Object.fromEntries(Object.entries(perModelMs).map(([m, ms]) => [m, ms / 1000])),
  },
  ratioAllToBaseline: allMs / baselineMs,
  chosenModels: chosen,
  selectionRules: rules,
  meanMase: {
    chosen: chosenMase / ok.length,
    councilsMethod: lineMase / ok.length,
    ratio: chosenMase / lineMase,
    maeRatio: chosenMae / lineMae,
    laterOriginsRatio: lateChosen / lateLine,
  },
  before: {
    picks: beforePicks,
    meanMase: bsum((b) => b.mase) / before.length,
    councilsMethodMeanMase: bsum((b) => b.line.mase) / before.length,
    ratio: bsum((b) => b.mase) / bsum((b) => b.line.mase),
    maeRatio: bsum((b) => b.mae) / bsum((b) => b.line.mae),
  },
  markovVsCombination,
  coverage: { interval80: cover('coverage80'), interval95: cover('coverage95') },
  simulatedIntervalsComparison: simulated,
  heldOut: {
    chooseOnOrigins: [13, split - 1],
    scoreOnOrigins: [split, months - 1],
    picks: heldPicks,
    meanMaseChosen: heldChosen / region.length,
    meanMaseCouncilsMethod: heldLine / region.length,
    ratio: heldChosen / heldLine,
  },
};
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/forecast.json'), JSON.stringify(report, null, 2));
console.log('wrote bench/out/forecast.json');
