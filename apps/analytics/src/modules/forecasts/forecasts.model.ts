import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "One model's rolling-origin back-test on the series it forecasts." })
export class ForecastBacktestRow {
  @Field({
    description:
      "straight-line (the councils' method: a line through the last three annual totals), naive, seasonal-naive, " +
      'least-squares-line, mean-12, theta, ets-damped, holt-winters, combination-median, combination-mean, markov ' +
      'or markov-pooled.',
  })
  model: string;

  @Field()
  label: string;

  @Field(() => Float, {
    nullable: true,
    description: 'Mean absolute scaled error (scaled by the naive one-step MAE of each training window).',
  })
  mase: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean absolute error, in children.' })
  mae: number | null;

  @Field(() => [Float], { nullable: 'itemsAndList', description: 'MASE at horizons 1..H.' })
  maseByHorizon: (number | null)[];

  @Field(() => Float, { nullable: true, description: 'Mean absolute percentage error, zero outcomes left out.' })
  mape: number | null;

  @Field(() => Int, { description: 'Outcomes equal to zero, left out of MAPE.' })
  mapeZerosSkipped: number;

  @Field(() => Float, { nullable: true, description: 'Share of outcomes inside the 80% interval.' })
  coverage80: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of outcomes inside the 95% interval.' })
  coverage95: number | null;

  @Field(() => Int)
  origins: number;

  @Field(() => Int)
  forecasts: number;
}

@ObjectType({ description: 'A forecast month: the point forecast and its 80% and 95% prediction intervals.' })
export class ForecastBand {
  @Field({ description: 'YYYY-MM' })
  month: string;

  @Field(() => Float)
  point: number;

  @Field(() => Float)
  lower80: number;

  @Field(() => Float)
  upper80: number;

  @Field(() => Float)
  lower95: number;

  @Field(() => Float)
  upper95: number;
}

@ObjectType()
export class CategoryProjection {
  @Field()
  category: string;

  @Field(() => [ForecastBand])
  bands: ForecastBand[];
}

@ObjectType({ description: 'Monthly placement cost in whole pence (strings: a region-month can exceed 32-bit Int).' })
export class CostBand {
  @Field()
  month: string;

  @Field()
  pointPence: string;

  @Field()
  lower80Pence: string;

  @Field()
  upper80Pence: string;

  @Field()
  lower95Pence: string;

  @Field()
  upper95Pence: string;
}

@ObjectType({
  description:
    'The Markov stock-and-flow projection (age band x placement category, Poisson entries) by category, with ' +
    'costs from weekly prices, with or without a scenario. Rates are pooled across the region for a council. Its ' +
    "total is the series' forecast: each month's categories and costs are the stock-and-flow's split of that " +
    'total, and a scenario moves the forecast by its effect on the stock-and-flow.',
})
export class StockFlowProjection {
  @Field(() => String, { nullable: true, description: 'The scenario applied, or null for the baseline.' })
  scenarioName: string | null;

  @Field({ description: 'The scenario as applied (JSON), for the record.' })
  scenarioJson: string;

  @Field()
  pooled: boolean;

  @Field(() => [ForecastBand])
  total: ForecastBand[];

  @Field(() => [CategoryProjection])
  byCategory: CategoryProjection[];

  @Field(() => [CostBand], { nullable: true, description: 'Null when no weekly prices were given.' })
  cost: CostBand[] | null;
}

@ObjectType({
  description:
    'A forecast of children looked after (a council or the region), with its back-test: every model is scored by ' +
    "rolling origin on this series against the councils' method; the combination of ETS, Theta and the councils' " +
    'line is used unless a single model is clearly better on the earlier origins and again on the later ones, and ' +
    'the reason says so in figures.',
})
export class ForecastSeries {
  @Field({ description: 'The council ONS code, or "region" for the pooled regional series.' })
  key: string;

  @Field({ description: 'council or region' })
  scope: string;

  @Field({ description: 'ok, too-short (fewer months than a back-test needs; not forecast) or no-data.' })
  status: string;

  @Field({ description: 'Why this model, in figures; or why there is no forecast.' })
  reason: string;

  @Field({
    description: 'need-transitions (monthly moves, Markov models eligible) or need-snapshots (month-end totals).',
  })
  source: string;

  @Field(() => Int)
  months: number;

  @Field(() => String, { nullable: true })
  start: string | null;

  @Field(() => String, { nullable: true })
  lastMonth: string | null;

  @Field(() => Int)
  horizon: number;

  @Field(() => String, { nullable: true })
  chosenModel: string | null;

  @Field(() => String, { nullable: true })
  chosenLabel: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Which rule chose: combination (the default), single-clearly-better, or lowest-mase (no combination possible).',
  })
  selectionRule: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Chosen model's back-test MASE / the councils' method's (a straight line through the last three annual " +
      'totals, spread evenly over the months ahead). Below 1: better than what councils do.',
  })
  maseRatioToStraightLine: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Chosen model's back-test mean absolute error / the councils' method's.",
  })
  maeRatioToStraightLine: number | null;

  @Field(() => [ForecastBacktestRow])
  backtest: ForecastBacktestRow[];

  @Field(() => [ForecastBand])
  forecast: ForecastBand[];

  @Field(() => [Int], { description: 'The observed series (children looked after at each month-end).' })
  history: number[];

  @Field(() => StockFlowProjection, { nullable: true, description: 'Null without monthly transitions.' })
  projection: StockFlowProjection | null;

  @Field(() => StockFlowProjection, { nullable: true, description: 'Under the scenario given, if any.' })
  scenarioProjection: StockFlowProjection | null;
}
