import { Args, Mutation, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { CreateTenderInput, Tender } from './tender.model.js';
import { TendersService } from './tenders.service.js';

@Resolver(() => Tender)
export class TendersResolver {
  constructor(private readonly service: TendersService) {}

  @Allow('hub.commissioner')
  @Query(() => [Tender], {
    description: "The hub's joint tenders (lifecycle, lots and bids come with the commissioning issue).",
  })
  tenders(): Promise<Tender[]> {
    return this.service.list();
  }

  @Allow('hub.commissioner')
  @Mutation(() => Tender, { description: 'Start a joint tender as a draft.' })
  createTender(@Args('input') input: CreateTenderInput, @CurrentPrincipal() principal: Principal): Promise<Tender> {
    return this.service.createDraft(input.title, principal.subject);
  }

  @Allow('hub.commissioner')
  @ResolveReference()
  resolveReference(reference: { __typename: string; id: string }): Promise<Tender | null> {
    return this.service.byId(reference.id);
  }
}
