import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { InvalidInputError } from '@rcc/platform';
import { Setting } from '../settings/setting.model.js';
import { SettingsService } from '../settings/settings.service.js';
import { MarketReferral, ReferralMatch, MarketResponse, RespondToReferralInput } from './dtos/marketplace.model.js';
import { MarketplaceService } from './marketplace.service.js';

const STATUSES = ['open', 'placed', 'withdrawn', 'unmet'];

/** Providers' side of the marketplace: the referrals sent to their settings, and their answers. */
@Resolver(() => MarketReferral)
export class MarketplaceResolver {
  constructor(private readonly marketplace: MarketplaceService) {}

  @Allow('provider.user')
  @Query(() => [MarketReferral], {
    description: "Referrals sent to your provider's settings (anonymised needs profile), with your own answers only.",
  })
  providerReferrals(
    @CurrentPrincipal() principal: Principal,
    @Args('status', { type: () => String, nullable: true }) status?: string,
  ): Promise<MarketReferral[]> {
    if (status && !STATUSES.includes(status))
      throw new InvalidInputError(`status must be one of ${STATUSES.join(', ')}`);
    return this.marketplace.forProvider(principal, status ?? undefined);
  }

  @Allow('provider.user')
  @Mutation(() => MarketResponse, {
    description: 'Answer a referral for one of your settings: an offer goes to the council that raised it, only.',
  })
  respondToReferral(
    @Args('input') input: RespondToReferralInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MarketResponse> {
    return this.marketplace.respond(principal, input);
  }
}

@Resolver(() => ReferralMatch)
export class ReferralMatchResolver {
  constructor(private readonly settings: SettingsService) {}

  @Allow('provider.user')
  @ResolveField(() => Setting)
  async setting(@Parent() match: ReferralMatch, @CurrentPrincipal() principal: Principal): Promise<Setting> {
    const setting = await this.settings.visibleByUrn(principal, match.settingUrn);
    if (!setting) throw new InvalidInputError(`setting ${match.settingUrn} is not visible to you`);
    return setting;
  }
}
