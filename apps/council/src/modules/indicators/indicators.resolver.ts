import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { InvalidInputError } from '@rcc/platform';
import { CouncilIndicators } from './indicators.model.js';
import { IndicatorsService } from './indicators.service.js';

@Resolver()
export class IndicatorsResolver {
  constructor(private readonly service: IndicatorsService) {}

  /** Child-level derived figures: council roles only, on the caller's own council instance; audited. */
  @Allow('council.analyst', 'council.placements')
  @Query(() => CouncilIndicators, { description: "This council's sufficiency indicators (default: latest 31 March)." })
  councilIndicators(
    @CurrentPrincipal() principal: Principal,
    @Args('asAt', { type: () => String, nullable: true }) asAt?: string,
  ): Promise<CouncilIndicators> {
    if (asAt !== undefined && asAt !== null && !/^\d{4}-\d{2}-\d{2}$/.test(asAt)) {
      throw new InvalidInputError('asAt must be a date written YYYY-MM-DD');
    }
    return this.service.compute(principal, asAt ?? undefined);
  }
}
