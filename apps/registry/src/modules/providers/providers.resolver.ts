import { Args, Mutation, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { Provider, RegisterProviderInput } from './provider.model.js';
import { ProvidersService } from './providers.service.js';

@Resolver(() => Provider)
export class ProvidersResolver {
  constructor(private readonly service: ProvidersService) {}

  @Allow('hub.commissioner', 'provider.user')
  @Query(() => [Provider], { description: 'Providers: all of them for the hub, only its own for a provider user.' })
  providers(@CurrentPrincipal() principal: Principal): Promise<Provider[]> {
    return this.service.visibleTo(principal);
  }

  @Allow('hub.commissioner')
  @Mutation(() => Provider, {
    description: 'Register a provider (the hub; bulk import from the Ofsted lists comes later).',
  })
  registerProvider(@Args('input') input: RegisterProviderInput): Promise<Provider> {
    return this.service.register(input.name, input.sector);
  }

  /** Other subgraphs reference providers by id (a contract's provider); names are public Ofsted information. */
  @Allow('hub.commissioner', 'provider.user', 'council.analyst', 'council.placements')
  @ResolveReference()
  resolveReference(reference: { __typename: string; id: string }): Promise<Provider | null> {
    return this.service.byId(reference.id);
  }
}
