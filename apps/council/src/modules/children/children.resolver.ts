import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { InvalidInputError } from '@rcc/platform';
import { ChildPage } from './children.model.js';
import { ChildrenService } from './children.service.js';

@Resolver()
export class ChildrenResolver {
  constructor(private readonly service: ChildrenService) {}

  /** Child-level: council roles only, and only on the caller's own council instance (checked by the guard). */
  @Allow('council.analyst', 'council.placements')
  @Query(() => ChildPage, { description: "Children in this council's records (child-level; audited)." })
  councilChildren(
    @CurrentPrincipal() principal: Principal,
    @Args('limit', { type: () => Int, defaultValue: 50 }) limit: number,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
  ): Promise<ChildPage> {
    if (limit < 1 || limit > 500) throw new InvalidInputError('limit must be between 1 and 500');
    if (offset < 0) throw new InvalidInputError('offset must not be negative');
    return this.service.page(principal, limit, offset);
  }
}
