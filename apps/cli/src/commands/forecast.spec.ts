import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@rcc/platform';
import { forecastCommand, parseSeriesCsv, SeriesFileError } from './forecast.js';

const example = join(repoRoot(), 'infra/demo/series/children-looked-after.csv');

function run(args: string[]): string {
  let text = '';
  const code = forecastCommand(args, { write: (s: string) => (text += s) });
  expect(code).toBe(0);
  return text;
}

describe('rcc forecast', () => {
  it('prints the chosen model and why, the back-test table and the forecast with intervals', () => {
    const text = run(['--series', example, '--horizon', '6']);
    expect(text).toMatch(/^Chosen model: [a-z-]+ \(/m);
    expect(text).toMatch(/^Rule: (combination|single-clearly-better)$/m);
    expect(text).toMatch(/^Why: (combination kept|[a-z-]+ is clearly better than the combination)/m);
    expect(text).toMatch(
      /^Against the councils' method \(straight line through the last three annual totals\): MASE ratio \d+\.\d{3}, MAE ratio \d+\.\d{3}/m,
    );
    for (const model of [
      'naive',
      'seasonal-naive',
      'straight-line',
      'least-squares-line',
      'mean-12',
      'theta',
      'ets-damped',
      'holt-winters',
      'combination-median',
      'combination-mean',
    ])
      expect(text).toMatch(
        new RegExp(
          `^${model}( \\*)?\\s+\\d+\\.\\d\\d\\s+\\d+\\.\\d\\d\\s+\\d+\\.\\d%\\s+\\d+\\.\\d%\\s+\\d+\\.\\d%`,
          'm',
        ),
      );
    expect(text).toContain('month    forecast  80% low  80% high  95% low  95% high');
    expect(text).toMatch(/^2022-09 /m);
    expect(text).not.toMatch(/^2022-10 /m);
  });

  it('--json gives the same result as data', () => {
    const json = JSON.parse(run(['--series', example, '--horizon', '3', '--json'])) as {
      status: string;
      chosen: string;
      maseRatioToStraightLine: number;
      selection: { rule: string };
      backtest: { model: string; mase: number; coverage80: number; coverage95: number }[];
      forecast: { month: string; lower95: number; upper95: number }[];
    };
    expect(json.status).toBe('ok');
    expect(json.backtest).toHaveLength(10);
    expect(json.forecast.map((f) => f.month)).toEqual(['2022-04', '2022-05', '2022-06']);
    const chosen = json.backtest.find((b) => b.model === json.chosen)!;
    const councils = json.backtest.find((b) => b.model === 'straight-line')!;
    // The ratio against the councils' method is the chosen model's MASE over the councils' line's, not the monthly line's.
    expect(json.maseRatioToStraightLine).toBeCloseTo(chosen.mase / councils.mase, 12);
    expect(['combination', 'single-clearly-better']).toContain(json.selection.rule);
  });

  it('says a short series is too short instead of forecasting it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcc-series-'));
    try {
      const file = join(dir, 'short.csv');
      writeFileSync(
        file,
        'month,value\n' +
          Array.from({ length: 10 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')},${i}`).join('\n'),
      );
      expect(run(['--series', file])).toContain('NOT FORECAST: 10 months is too short to back-test');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseSeriesCsv', () => {
  it('reads month,value rows', () => {
    expect(parseSeriesCsv('month,value\r\n2023-11,4\r\n2023-12,5.5\r\n2024-01,0\r\n')).toEqual({
      start: '2023-11',
      values: [4, 5.5, 0],
    });
  });

  it('names every bad line', () => {
    const problems = (() => {
      try {
        parseSeriesCsv('month,value\n2024-01,3\n2024-13,4\n2024-03,x\n2024-05,2\n2024-06');
      } catch (error) {
        return (error as SeriesFileError).problems;
      }
      return [];
    })();
    expect(problems).toEqual([
      'line 3: month "2024-13" is not YYYY-MM',
      'line 4: value "x" is not a number',
      'line 5: 2024-05 does not follow 2024-03 (months must be consecutive, one row each)',
      'line 6: expected 2 columns (month,value), found 1',
    ]);
  });

  it('refuses a file without the header', () => {
    expect(() => parseSeriesCsv('2024-01,3\n')).toThrow('line 1: the header must be "month,value"');
  });
});
