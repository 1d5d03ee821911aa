import { describe, expect, it } from '@jest/globals';
import { pastHorizon, plainAccuracy, type Backtest, type Series } from './forecasts.controller.js';

const row = (model: string, mae: number | null, coverage80: number | null = 0.8): Backtest => ({
  model,
  label: model,
  mase: 1,
  mae,
  mape: null,
  coverage80,
  coverage95: 0.95,
  origins: 20,
});

const series = (maeRatio: number | null) => ({ maeRatioToStraightLine: maeRatio }) as Series;

describe('the forecast page in plain words', () => {
  it("says how far out the forecast was, against the councils' straight line, and how often the range held", () => {
    expect(plainAccuracy(series(0.6), row('combination-median', 3, 0.82), row('straight-line', 5))).toBe(
      'Tested on past months, this forecast was out by about 3.0 children on average, 40% less than the councils’ ' +
        'straight line (5.0). The shaded 80% range held the actual figure 82 times in 100.',
    );
  });

  it('says so plainly when the method does not beat the councils’ method', () => {
    expect(plainAccuracy(series(1.2), row('theta', 6), row('straight-line', 5))).toContain(
      '20% MORE than the councils’ straight line (5.0): it does not beat the councils’ method here',
    );
    expect(plainAccuracy(series(1.01), row('theta', 5.05), row('straight-line', 5))).toContain(
      'about the same as the councils’ straight line',
    );
    expect(plainAccuracy(series(null), row('theta', null), undefined)).toBe(
      'This method could not be tested on past months.',
    );
  });

  it('says when the whole horizon lies in the past, and nothing when it reaches today or later', () => {
    const band = (month: string) => ({ month, point: 1, lower80: 0, upper80: 2, lower95: 0, upper95: 3 });
    const past = pastHorizon('2022-03', [band('2022-04'), band('2023-03')], 'f').toString();
    expect(past.replace(/\s+/g, ' ')).toContain(
      'The latest month received is March 2022, so this forecast runs from April 2022 to March 2023',
    );
    expect(past).toMatch(/which has\s+already passed: it shows what the method would have said then/);
    expect(pastHorizon('2099-01', [band('2099-02')], 'f').toString()).toBe('');
  });
});
