import { describe, expect, it } from '@jest/globals';
import type { ForecastBand, ForecastSeries, StockFlowProjection } from './forecasts.model.js';
import { anchorProjection, reconcileRegion, scenarioOnForecast } from './reconcile.js';

const band = (month: string, point: number, half = 10): ForecastBand => ({
  month,
  point,
  lower80: point - half,
  upper80: point + half,
  lower95: point - 2 * half,
  upper95: point + 2 * half,
});

const projection = (totals: number[], split: number[]): StockFlowProjection => ({
  scenarioName: null,
  scenarioJson: '{}',
  pooled: false,
  total: totals.map((t, i) => band(`2025-0${i + 1}`, t)),
  byCategory: split.map((share, k) => ({
    category: `c${k}`,
    bands: totals.map((t, i) => band(`2025-0${i + 1}`, t * share, 1)),
  })),
  cost: totals.map((t, i) => ({
    month: `2025-0${i + 1}`,
    pointPence: String(t * 1000),
    lower80Pence: String(t * 900),
    upper80Pence: String(t * 1100),
    lower95Pence: String(t * 800),
    upper95Pence: String(t * 1200),
  })),
});

const series = (key: string, points: number[], lastMonth = '2024-12'): ForecastSeries => ({
  key,
  scope: key === 'region' ? 'region' : 'council',
  status: 'ok',
  reason: 'chosen',
  source: 'need-transitions',
  months: 30,
  start: '2022-07',
  lastMonth,
  horizon: points.length,
  chosenModel: 'combination-median',
  chosenLabel: 'median',
  selectionRule: 'combination',
  maseRatioToStraightLine: 0.7,
  maeRatioToStraightLine: 0.7,
  backtest: [],
  forecast: points.map((p, i) => band(`2025-0${i + 1}`, p)),
  history: [],
  projection: null,
  scenarioProjection: null,
});

describe('one forecast per series', () => {
  it('anchors the projection to the forecast: total = forecast, categories and costs scaled month by month', () => {
    const p = projection([100, 200], [0.25, 0.75]);
    const forecast = [band('2025-01', 50), band('2025-02', 300)];
    const a = anchorProjection(p, forecast);
    expect(a.total).toEqual(forecast);
    // Month 1 halves (50 / 100), month 2 grows by half (300 / 200): the split by category is kept.
    expect(a.byCategory.map((c) => c.bands.map((b) => b.point))).toEqual([
      [12.5, 75],
      [37.5, 225],
    ]);
    expect(a.cost!.map((c) => c.pointPence)).toEqual(['50000', '300000']);
    // Months that do not line up: left as it was.
    expect(anchorProjection(p, [band('2025-02', 1), band('2025-03', 1)])).toBe(p);
  });

  it("moves the chosen forecast by the scenario's effect on the stock-and-flow", () => {
    const baseline = projection([100, 100], [1]);
    const scenario = projection([110, 150], [1]);
    const s = scenarioOnForecast(scenario, baseline, [band('2025-01', 40), band('2025-02', 60)]);
    expect(s.total.map((b) => b.point)).toEqual([44, 90]);
    expect(s.byCategory[0]!.bands.map((b) => b.point)).toEqual([44, 90]);
  });

  it('makes the region the sum of its councils, keeping its own interval widths', () => {
    const region = {
      ...series('region', [74, 80]),
      projection: projection([74, 80], [0.5, 0.5]),
    };
    const r = reconcileRegion(region, [series('A', [65, 70]), series('B', [40, 45])]);
    expect(r.forecast.map((b) => b.point)).toEqual([105, 115]);
    expect(r.forecast[0]).toEqual(band('2025-01', 105));
    expect(r.projection!.total.map((b) => b.point)).toEqual([105, 115]);
    expect(r.reason).toMatch(/^The region's forecast is the sum of its 2 councils' forecasts/);
  });

  it('leaves the region alone, and says so, when a council has no forecast for the same months', () => {
    const region = series('region', [74]);
    const r = reconcileRegion(region, [series('A', [65]), { ...series('B', [40]), status: 'too-short' }]);
    expect(r.forecast).toEqual(region.forecast);
    expect(r.reason).toMatch(/^NOT reconciled with its councils \(1 of 2 have no forecast for the same months\)/);
    // Counts only: no council is named to another council reading the region.
    expect(r.reason).not.toContain('B');
    const late = reconcileRegion(region, [series('A', [65]), series('B', [40], '2024-11')]);
    expect(late.reason).toContain('1 of 2 have no forecast for the same months');
  });
});
