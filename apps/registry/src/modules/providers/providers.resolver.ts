import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { Provider, ProviderRisk, RegisterProviderInput, SetProviderRiskInput } from './provider.model.js';
import { ProvidersService } from './providers.service.js';

@Resolver(() => Provider)
export class ProvidersResolver {
  constructor(private readonly service: ProvidersService) {}

  @Allow('hub.commissioner', 'provider.user')
  @Query(() => [Provider], { description: 'Providers: all of them for the hub, only its own for a provider user.' })
  providers(@CurrentPrincipal() principal: Principal): Promise<Provider[]> {
    return this.service.visibleTo(principal);
  }

  @Allow('hub.commissioner', 'provider.user')
  @Query(() => Provider, {
    nullable: true,
    description: 'One provider: any for the hub, only its own for a provider user (another is not found).',
  })
  async provider(
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Provider | null> {
    if (!principal.roles.includes('hub.commissioner') && principal.provider !== id) return null;
    return this.service.byId(id);
  }

  @Allow('hub.commissioner')
  @Mutation(() => Provider, {
    description: 'Register a provider by hand (the hub; most arrive with importProviders).',
  })
  registerProvider(@Args('input') input: RegisterProviderInput): Promise<Provider> {
    return this.service.register(input.name, input.sector);
  }

  @Allow('hub.commissioner')
  @Mutation(() => Provider, {
    description: 'Mark a provider hard to replace and, if so, financially at risk (the hub).',
  })
  setProviderRisk(@Args('input') input: SetProviderRiskInput): Promise<Provider> {
    return this.service.setRisk(input);
  }

  @Allow('hub.commissioner', 'provider.user', 'council.analyst', 'council.placements')
  @ResolveField(() => ProviderRisk, {
    nullable: true,
    description: "The hub's market-oversight flags: shown to the hub only (null for everyone else).",
  })
  risk(@Parent() provider: Provider, @CurrentPrincipal() principal: Principal): ProviderRisk | null {
    if (!principal.roles.includes('hub.commissioner')) return null;
    return {
      hardToReplace: provider.hardToReplace,
      financialRisk: provider.financialRisk ?? false,
      note: provider.riskNote ?? null,
    };
  }

  /** Other subgraphs reference providers by id (a contract's provider); names are public Ofsted information. */
  @Allow('hub.commissioner', 'provider.user', 'council.analyst', 'council.placements')
  @ResolveReference()
  resolveReference(reference: { __typename: string; id: string }): Promise<Provider | null> {
    return this.service.byId(reference.id);
  }
}
