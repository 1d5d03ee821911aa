// Forecast benchmark on REAL published series (bench/data/*.json: DfE national figures, Open Government Licence
// v3.0, each figure with its source). The series are annual (years ending 31 March), so the councils' method is a
// straight line through the last three annual figures; every model is back-tested by rolling origin over the longest
// run of consecutive years, 1 to --horizon years ahead. Reports per series MAE and MASE against the councils' method
// and 80%/95% interval coverage, BEFORE (the old candidates that apply to annual figures -- naive and the
// least-squares line -- chosen by lowest MASE) and AFTER (ADR 0037's rule: the combination of Theta and the councils'
// line, ETS joining only on series long enough to fit it, unless a single model is clearly better early and again
// late). Run: npm run bench:forecast -- --real [--horizon 3]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  backtest,
  choose,
  councilsLineFor,
  etsDamped,
  leastSquaresLine,
  memoised,
  naive,
  select,
  theta,
} from '@rcc/forecast';

const { values } = parseArgs({
  options: { horizon: { type: 'string', default: '3' }, sims: { type: 'string', default: '400' } },
  strict: false,
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const horizon = Number(values.horizon);
const sims = Number(values.sims);
/** Origins start when every candidate can be fitted: Theta needs 4 points, the councils' line 3 (1 in a pinch). */
const FIRST_ORIGIN = 4;
/** Fewer consecutive years than this leave too few origins (FIRST_ORIGIN + 2) to score anything. */
const MIN_YEARS = FIRST_ORIGIN + 2;

const files = readdirSync(join(root, 'bench/data')).filter((f) => f.endsWith('.json'));
const series = files.flatMap((f) => {
  const data = JSON.parse(readFileSync(join(root, 'bench/data', f), 'utf8'));
  return data.series.map((s) => ({ file: f, licence: data.licence, ...s }));
});

/** The longest run of consecutive years. */
function longestRun(points) {
  const sorted = [...points].sort((a, b) => a.year - b.year);
  let best = [];
  let run = [];
  for (const p of sorted) {
    run = run.length > 0 && p.year === run[run.length - 1].year + 1 ? [...run, p] : [p];
    if (run.length > best.length) best = run;
  }
  return best;
}

const fmt = (x, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));
const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : 'n/a');
const results = [];
console.log(
  `REAL series (${files.join(', ')}); annual; horizons 1-${horizon} years; rolling origin from ${FIRST_ORIGIN} years`,
);
for (const s of series) {
  const run = longestRun(s.values);
  if (run.length < MIN_YEARS) {
    console.log(
      `\n${s.id} (${s.measure}): NOT EVALUATED: the longest run of consecutive sourced years is ${run.length} ` +
        `(${run[0]?.year ?? '-'}-${run[run.length - 1]?.year ?? '-'}); at least ${MIN_YEARS} are needed`,
    );
    results.push({ id: s.id, evaluated: false, consecutiveYears: run.length });
    continue;
  }
  const y = run.map((p) => p.value);
  const line = councilsLineFor(1);
  const candidates = [naive, line, leastSquaresLine, theta, ...(y.length >= 8 + 2 ? [etsDamped] : [])];
  const opts = { horizon, start: 0, seed: 7, sims, nonNegative: true, firstOrigin: FIRST_ORIGIN };
  const after = select(y, candidates.map(memoised), opts);
  const lineRow = after.rows.find((r) => r.model === 'straight-line');
  const beforeRows = [naive, leastSquaresLine].map((m, i) => backtest(y, m, { ...opts, seed: 100 + i }));
  const beforeRow = choose(beforeRows).row;
  console.log(
    `\n${s.id} (${s.measure}, ${s.geography}): ${run[0].year}-${run[run.length - 1].year}, ${y.length} years`,
  );
  console.log('model                 MAE     MASE  vs councils  cover80  cover95  forecasts');
  for (const r of after.rows)
    console.log(
      `${(r.model + (r.model === after.chosen.model ? ' *' : '')).padEnd(20)} ${fmt(r.mae, 0).padStart(6)} ${fmt(r.mase).padStart(7)} ` +
        `${fmt(lineRow.mase > 0 ? r.mase / lineRow.mase : NaN).padStart(11)} ${pct(r.coverage80).padStart(8)} ${pct(r.coverage95).padStart(8)} ${String(r.forecasts).padStart(10)}`,
    );
  console.log(`AFTER: ${after.chosen.model} (${after.selection.rule}): ${after.reason}`);
  console.log(
    `BEFORE: ${beforeRow.model} (lowest MASE of naive and the least-squares line): MASE ${fmt(beforeRow.mase)}, ` +
      `${fmt(beforeRow.mase / lineRow.mase)}x the councils' method`,
  );
  results.push({
    id: s.id,
    measure: s.measure,
    evaluated: true,
    years: [run[0].year, run[run.length - 1].year],
    rows: after.rows.map((r) => ({
      model: r.model,
      mae: r.mae,
      mase: r.mase,
      coverage80: r.coverage80,
      coverage95: r.coverage95,
      forecasts: r.forecasts,
    })),
    after: { model: after.chosen.model, rule: after.selection.rule, mase: after.chosen.mase, mae: after.chosen.mae },
    before: { model: beforeRow.model, mase: beforeRow.mase, mae: beforeRow.mae },
    councils: { mase: lineRow.mase, mae: lineRow.mae },
    coverage: { c80: after.chosen.coverage80, c95: after.chosen.coverage95, n: after.chosen.forecasts },
  });
}

const done = results.filter((r) => r.evaluated);
const total = (f) => done.reduce((a, r) => a + f(r), 0);
if (done.length > 0) {
  const n = total((r) => r.coverage.n);
  console.log(
    `\nOVERALL (${done.length} series evaluated, ${results.length - done.length} too short): MASE ratio to the councils' method ` +
      `AFTER ${fmt(total((r) => r.after.mase) / total((r) => r.councils.mase), 3)} (target <= 0.8), BEFORE ` +
      `${fmt(total((r) => r.before.mase) / total((r) => r.councils.mase), 3)}; AFTER coverage 80% ` +
      `${pct(total((r) => r.coverage.c80 * r.coverage.n) / n)} (target 75-85%), 95% ${pct(total((r) => r.coverage.c95 * r.coverage.n) / n)}, over ${n} forecasts`,
  );
}
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(
  join(root, 'bench/out/forecast-real.json'),
  JSON.stringify({ benchmark: 'forecast-real', horizon, results }, null, 2),
);
console.log('wrote bench/out/forecast-real.json');
