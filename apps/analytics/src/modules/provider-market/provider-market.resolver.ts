import { Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { ProviderMarket } from './provider-market.model.js';
import { ProviderMarketService } from './provider-market.service.js';

/**
 * Providers (and the hub, to see what providers see): the region's market, disclosure-controlled. The same regional
 * figures for every caller: nothing in it is any one provider's or council's to be scoped to, and councils read the
 * unprotected market views instead (market.resolver.ts).
 */
@Resolver()
export class ProviderMarketResolver {
  constructor(private readonly service: ProviderMarketService) {}

  @Allow('provider.user', 'hub.commissioner')
  @Query(() => ProviderMarket, {
    description:
      "The region's market for providers: demand by need, unmet referrals by council and age, declines by reason, " +
      'where children are placed, weekly prices by type and the forecast, every figure disclosure-controlled.',
  })
  providerMarket(@CurrentPrincipal() principal: Principal): Promise<ProviderMarket> {
    return this.service.view(principal);
  }
}
