import type { CostBand, ForecastBand, ForecastSeries, StockFlowProjection } from './forecasts.model.js';

/**
 * One forecast per series (issue 18): the chart, the table by placement type and the costs all show the series'
 * chosen forecast. These functions make the stock-and-flow projection and the region agree with it.
 */

const scaleBand = (b: ForecastBand, f: number): ForecastBand => ({
  month: b.month,
  point: b.point * f,
  lower80: b.lower80 * f,
  upper80: b.upper80 * f,
  lower95: b.lower95 * f,
  upper95: b.upper95 * f,
});

const scalePence = (p: string, f: number) => String(Math.round(Number(p) * f));
const scaleCost = (c: CostBand, f: number): CostBand => ({
  month: c.month,
  pointPence: scalePence(c.pointPence, f),
  lower80Pence: scalePence(c.lower80Pence, f),
  upper80Pence: scalePence(c.upper80Pence, f),
  lower95Pence: scalePence(c.lower95Pence, f),
  upper95Pence: scalePence(c.upper95Pence, f),
});

const sameMonths = (a: { month: string }[], b: { month: string }[]) =>
  a.length === b.length && a.every((x, i) => x.month === b[i]!.month);

/**
 * The projection anchored to a forecast: its total becomes the forecast, and each month's categories and costs are
 * scaled by forecast / projected total, so they keep the stock-and-flow's split by placement type but add up to the
 * forecast shown in the chart. Unchanged if the months differ or the projected total is zero.
 */
export function anchorProjection(p: StockFlowProjection, forecast: ForecastBand[]): StockFlowProjection {
  if (!sameMonths(p.total, forecast)) return p;
  const factors = p.total.map((t, i) => (t.point > 0 ? forecast[i]!.point / t.point : 1));
  return {
    ...p,
    total: forecast.map((b) => ({ ...b })),
    byCategory: p.byCategory.map((c) => ({ ...c, bands: c.bands.map((b, i) => scaleBand(b, factors[i]!)) })),
    cost: p.cost?.map((c, i) => scaleCost(c, factors[i]!)) ?? null,
  };
}

/**
 * A scenario applied to the chosen forecast: the scenario's effect on the stock-and-flow (scenario total / baseline
 * total, month by month) multiplies the forecast, and the scenario projection is anchored to the result.
 */
export function scenarioOnForecast(
  scenario: StockFlowProjection,
  baseline: StockFlowProjection,
  forecast: ForecastBand[],
): StockFlowProjection {
  if (!sameMonths(scenario.total, forecast) || !sameMonths(baseline.total, forecast)) return scenario;
  const target = forecast.map((b, i) => {
    const base = baseline.total[i]!.point;
    return scaleBand(b, base > 0 ? scenario.total[i]!.point / base : 1);
  });
  return anchorProjection(scenario, target);
}

/**
 * The region made coherent with its councils (bottom-up): each month's point is the sum of the councils' points, the
 * region's own intervals are moved with it (their widths are the region model's, whose coverage its back-test
 * measured), and its projection is anchored to the result. If any council has no forecast for the same months the
 * region is left as forecast and the reason says why.
 */
export function reconcileRegion(region: ForecastSeries, councils: ForecastSeries[]): ForecastSeries {
  if (region.status !== 'ok') return region;
  const missing = councils.filter(
    (c) => c.status !== 'ok' || c.lastMonth !== region.lastMonth || !sameMonths(c.forecast, region.forecast),
  );
  if (councils.length === 0 || missing.length > 0)
    return {
      ...region,
      reason:
        // Counts only: a council reading the region must not learn another council's state.
        `NOT reconciled with its councils (${missing.length} of ${councils.length} have no forecast for the same ` +
        `months), so it need not equal their sum. ${region.reason}`,
    };
  const forecast = region.forecast.map((b, i) => {
    const sum = councils.reduce((a, c) => a + c.forecast[i]!.point, 0);
    const shift = sum - b.point;
    const floor = (x: number) => Math.max(0, x);
    return {
      month: b.month,
      point: sum,
      lower80: floor(b.lower80 + shift),
      upper80: b.upper80 + shift,
      lower95: floor(b.lower95 + shift),
      upper95: b.upper95 + shift,
    };
  });
  return {
    ...region,
    forecast,
    reason:
      `The region's forecast is the sum of its ${councils.length} councils' forecasts (so the parts add up to the ` +
      `whole); its interval widths are those of the region's own model, ${region.chosenModel}, whose back-test ` +
      `follows. ${region.reason}`,
    projection: region.projection ? anchorProjection(region.projection, forecast) : null,
  };
}
