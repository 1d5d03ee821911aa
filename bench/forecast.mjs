// Forecast benchmark: back-test every series of a 15-council SYNTHETIC region (generated with known rates by
// @rcc/forecast's syntheticRegion; no real council's data) with every model, against a baseline measured in the same
// run: the straight-line back-test alone on the same series. Prints the time ratio, and the chosen models' MASE
// against the straight line's. Also times each model's back-test on every series, and (--compare-simulated) scores
// the same back-test with simulated intervals at every origin (the slow path, ADR 0027) for comparison. Writes
// bench/out/forecast.json. Run: npm run bench:forecast [-- --councils 15 --months 48 --horizon 12]
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
  forecastSeries,
  stockFlowModel,
  stockSeries,
  straightLine,
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
  },
});
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

// Baseline: the straight line's back-test alone, on every series.
let t0 = performance.now();
for (const s of series) backtest(s.values, straightLine, { horizon, start: 0, seed: 1, sims, nonNegative: true });
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
const chosenMase = sum((r) => r.backtest.find((b) => b.model === r.chosen).mase);
const chosenRow = (r) => r.backtest.find((b) => b.model === r.chosen);
const fc = (r) => chosenRow(r).forecasts;
const cover = (k) => sum((r) => chosenRow(r)[k] * fc(r)) / sum(fc);

console.log(`baseline (straight-line back-test alone): ${(baselineMs / 1000).toFixed(2)} s`);
console.log(`all models back-tested and the chosen one forecast: ${(allMs / 1000).toFixed(2)} s`);
console.log(`ratio all / baseline: ${(allMs / baselineMs).toFixed(1)}x`);
console.log(
  `each model's back-test on every series: ${Object.entries(perModelMs)
    .map(([m, ms]) => `${m} ${(ms / 1000).toFixed(2)} s`)
    .join(', ')}`,
);
console.log(`chosen models: ${JSON.stringify(chosen)}`);
console.log(
  `mean MASE over ${ok.length} series: chosen ${(chosenMase / ok.length).toFixed(3)}, straight line ` +
    `${(lineMase / ok.length).toFixed(3)}; ratio ${(chosenMase / lineMase).toFixed(3)}`,
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
  region.forEach((c, i) => {
    const r = results[i];
    if (r.status !== 'ok') return;
    const others = region.filter((o) => o !== c).map((o) => o.data);
    const models = [...UNIVARIATE_MODELS, stockFlowModel(c.data), stockFlowModel(c.data, others)];
    const k = models.findIndex((m) => m.name === r.chosen);
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
  simulated = { seconds: (performance.now() - t0) / 1000, coverage80: c80 / n, coverage95: c95 / n };
  console.log(
    `the same chosen models with simulated intervals at every origin (slow path, ${simulated.seconds.toFixed(1)} s): ` +
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
  heldLine += backtest(series[i].values, straightLine, { ...opts, firstOrigin: split }).mase;
});
console.log(
  `held out (chosen on origins 13-${split - 1}, scored on origins ${split}-${months - 1}; ${((performance.now() - t0) / 1000).toFixed(1)} s): ` +
    `picks ${JSON.stringify(heldPicks)}, mean MASE chosen ${(heldChosen / region.length).toFixed(3)}, straight line ` +
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
    baselineStraightLineAlone: baselineMs / 1000,
    allModelsBacktestedAndChosenForecast: allMs / 1000,
    perModelBacktest: Object.fromEntries(Object.entries(perModelMs).map(([m, ms]) => [m, ms / 1000])),
  },
  ratioAllToBaseline: allMs / baselineMs,
  chosenModels: chosen,
  meanMase: { chosen: chosenMase / ok.length, straightLine: lineMase / ok.length, ratio: chosenMase / lineMase },
  coverage: { interval80: cover('coverage80'), interval95: cover('coverage95') },
  simulatedIntervalsComparison: simulated,
  heldOut: {
    chooseOnOrigins: [13, split - 1],
    scoreOnOrigins: [split, months - 1],
    picks: heldPicks,
    meanMaseChosen: heldChosen / region.length,
    meanMaseStraightLine: heldLine / region.length,
    ratio: heldChosen / heldLine,
  },
};
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/forecast.json'), JSON.stringify(report, null, 2));
console.log('wrote bench/out/forecast.json');
