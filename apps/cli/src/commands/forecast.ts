import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DEFAULT_SEED,
  forecastSeries,
  monthIndex,
  MONTH_PATTERN,
  type MonthlySeries,
  type SeriesForecast,
} from '@rcc/forecast';
import { FORECAST_USAGE } from '../usage.js';

/** A CSV the command cannot read: every problem, with its line number. */
export class SeriesFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`the series file has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    this.name = 'SeriesFileError';
  }
}

/** Parses `month,value` CSV text; months must be YYYY-MM and consecutive, values finite numbers. */
export function parseSeriesCsv(text: string): MonthlySeries {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const header = lines[0]?.split(',').map((h) => h.trim().toLowerCase());
  if (!header || header.length !== 2 || header[0] !== 'month' || header[1] !== 'value')
    throw new SeriesFileError([`line 1: the header must be "month,value", found "${lines[0] ?? ''}"`]);
  const problems: string[] = [];
  const months: string[] = [];
  const values: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    const cells = lines[i]!.split(',').map((c) => c.trim());
    if (cells.length !== 2) {
      problems.push(`line ${line}: expected 2 columns (month,value), found ${cells.length}`);
      continue;
    }
    const [month, raw] = cells as [string, string];
    if (!MONTH_PATTERN.test(month)) problems.push(`line ${line}: month "${month}" is not YYYY-MM`);
    const value = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(value)) problems.push(`line ${line}: value "${raw}" is not a number`);
    if (MONTH_PATTERN.test(month) && months.length > 0 && MONTH_PATTERN.test(months[months.length - 1]!)) {
      const previous = months[months.length - 1]!;
      if (monthIndex(month) !== monthIndex(previous) + 1)
        problems.push(`line ${line}: ${month} does not follow ${previous} (months must be consecutive, one row each)`);
    }
    months.push(month);
    values.push(value);
  }
  if (months.length === 0) problems.push('line 2: no data rows');
  if (problems.length > 0) throw new SeriesFileError(problems);
  return { start: months[0]!, values };
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a');
const num = (x: number | null, digits = 2) => (x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows
    .map((r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  '))
    .join('\n');
}

/** The report a person reads: chosen model and why, the back-test table, the forecast with its intervals. */
export function formatForecast(file: string, result: SeriesForecast): string {
  if (result.status === 'too-short')
    return `${file}: ${result.months} months from ${result.start}\nNOT FORECAST: ${result.reason}.\n`;
  const out: string[] = [];
  out.push(
    `${file}: ${result.months} months, ${result.start} to ${result.lastMonth}; horizon ${result.horizon} months`,
  );
  out.push(`Chosen model: ${result.chosen} (${result.chosenLabel})`);
  out.push(`Rule: ${result.selection.rule}`);
  out.push(`Why: ${result.reason}`);
  const ratio = result.maseRatioToStraightLine;
  out.push(
    `Against the councils' method (straight line through the last three annual totals): MASE ratio ${num(ratio, 3)}, ` +
      `MAE ratio ${num(result.maeRatioToStraightLine, 3)}` +
      (ratio === null ? '' : ratio < 1 ? ' (beats the councils’ method)' : ' (does NOT beat the councils’ method)'),
  );
  out.push('');
  const first = result.backtest[0]!;
  out.push(
    `Back-test (rolling origin, expanding window: ${first.origins} origins, horizons 1-${result.horizon}, ${first.forecasts} forecasts per model)`,
  );
  const zeros = first.mapeZerosSkipped;
  out.push(
    table([
      ['model', 'MASE', 'MAE', 'MAPE', 'cover 80%', 'cover 95%', 'MASE h=1', `MASE h=${result.horizon}`],
      ...result.backtest.map((r) => [
        r.model + (r.model === result.chosen ? ' *' : ''),
        num(r.mase),
        num(r.mae),
        r.mape === null ? 'n/a' : `${r.mape.toFixed(1)}%`,
        pct(r.coverage80),
        pct(r.coverage95),
        num(r.maseByHorizon[0] ?? NaN),
        num(r.maseByHorizon[result.horizon - 1] ?? NaN),
      ]),
    ]),
  );
  out.push(
    `MASE: mean |error| / in-sample naive one-step MAE of each training window (below 1 beats that). MAPE: ` +
      (zeros > 0 ? `${zeros} zero outcomes left out.` : 'no zero outcomes.'),
  );
  out.push('');
  out.push(
    `Forecast (${result.chosen}; intervals from simulated paths that draw the parameters too; seed ${result.seed})`,
  );
  out.push(
    table([
      ['month', 'forecast', '80% low', '80% high', '95% low', '95% high'],
      ...result.forecast.map((f) => [
        f.month,
        num(f.point, 1),
        num(f.lower80, 1),
        num(f.upper80, 1),
        num(f.lower95, 1),
        num(f.upper95, 1),
      ]),
    ]),
  );
  return out.join('\n') + '\n';
}

/** `rcc forecast`: the forecasting engine on any monthly series. Returns the exit code. */
export function forecastCommand(argv: string[], out: { write(s: string): unknown } = process.stdout): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      series: { type: 'string' },
      horizon: { type: 'string', default: '12' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.series) throw new Error(`usage:\n${FORECAST_USAGE}`);
  const horizon = Number(values.horizon);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, got "${values.seed}"`);
  let text: string;
  try {
    text = readFileSync(values.series, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${values.series}: ${(error as Error).message}`);
  }
  const result = forecastSeries(parseSeriesCsv(text), { horizon, seed });
  out.write(
    values.json
      ? `${JSON.stringify({ file: values.series, ...result }, null, 2)}\n`
      : formatForecast(values.series, result),
  );
  return 0;
}
