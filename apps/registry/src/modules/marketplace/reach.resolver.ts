import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { InvalidInputError } from '@rcc/platform';
import { ExtendReferralWindowInput, ReferralReach, WidenReferralInput } from './dtos/reach.model.js';
import { ReachService } from './reach.service.js';

/** Councils' side of the marketplace: how far their own referrals reached (counts only, no provider names). */
@Resolver(() => ReferralReach)
export class ReachResolver {
  constructor(private readonly reachService: ReachService) {}

  @Allow('council.placements', 'council.analyst')
  @Query(() => [ReferralReach], {
    description: "Your council's referrals in the marketplace: who was asked (counts by type and distance), windows.",
  })
  referralReach(
    @CurrentPrincipal() principal: Principal,
    @Args('referralIds', { type: () => [ID] }) referralIds: string[],
  ): Promise<ReferralReach[]> {
    if (referralIds.length > 100) throw new InvalidInputError('Ask for at most 100 referrals at a time');
    return this.reachService.reach(principal, referralIds);
  }

  @Allow('council.placements')
  @Mutation(() => ReferralReach, { description: 'Give providers longer to answer your open referral.' })
  extendReferralWindow(
    @Args('input') input: ExtendReferralWindowInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReferralReach> {
    return this.reachService.extend(principal, input);
  }

  @Allow('council.placements')
  @Mutation(() => ReferralReach, {
    description: 'Send your open referral to more homes (further away, more kinds); matching runs again at once.',
  })
  widenReferral(
    @Args('input') input: WidenReferralInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReferralReach> {
    return this.reachService.widen(principal, input);
  }
}
