import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { ForecastScenarioInput, WeeklyPriceInput } from './dtos/forecast-scenario.input.js';
import { ForecastSeries } from './forecasts.model.js';
import { ForecastsService } from './forecasts.service.js';

@Resolver(() => ForecastSeries)
export class ForecastsResolver {
  constructor(private readonly service: ForecastsService) {}

  /**
   * Hub commissioners: every council's series and the region's. Council users: their own and the region's. Not for
   * providers or the public (see docs/adr/0017): forecasts are computed on unsuppressed counts.
   */
  @Allow('hub.commissioner', 'council.analyst', 'council.placements')
  @Query(() => [ForecastSeries], {
    description:
      'Monthly forecasts of children looked after, per council and pooled for the region, each with its rolling-origin ' +
      'back-test (MASE, MAPE, 80%/95% coverage), the model chosen and why, and the Markov projection by placement ' +
      'category under an optional scenario, costed from weekly prices.',
  })
  forecasts(
    @CurrentPrincipal() principal: Principal,
    @Args('horizon', { type: () => Int, defaultValue: 12, description: 'Months ahead, 1 to 36.' }) horizon: number,
    @Args('council', {
      type: () => String,
      nullable: true,
      description: 'One council (hub only; councils get their own).',
    })
    council?: string,
    @Args('scenario', { type: () => ForecastScenarioInput, nullable: true }) scenario?: ForecastScenarioInput,
    @Args('weeklyPrices', { type: () => [WeeklyPriceInput], nullable: true }) weeklyPrices?: WeeklyPriceInput[],
    @Args('seed', { type: () => Int, nullable: true, description: 'Seed for the simulated intervals.' }) seed?: number,
  ): Promise<ForecastSeries[]> {
    return this.service.forecasts(principal, {
      horizon,
      ...(council ? { council } : {}),
      ...(scenario ? { scenario } : {}),
      ...(weeklyPrices ? { weeklyPrices } : {}),
      ...(seed !== undefined && seed !== null ? { seed } : {}),
    });
  }
}
