import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { scopeOf } from '../../platform/scope.js';
import {
  AddTenderLotInput,
  CreateTenderInput,
  SetTenderCouncilsInput,
  TenderTransitionInput,
} from './dtos/tender.inputs.js';
import { Tender } from './tender.model.js';
import { TendersService } from './tenders.service.js';

const READERS = ['hub.commissioner', 'council.analyst', 'council.placements', 'provider.user'] as const;

@Resolver(() => Tender)
export class TendersResolver {
  constructor(private readonly service: TendersService) {}

  @Allow(...READERS)
  @Query(() => [Tender], {
    description: 'Joint tenders: all for the hub, those it takes part in for a council, published ones for providers.',
  })
  tenders(@CurrentPrincipal() principal: Principal): Promise<Tender[]> {
    return this.service.list(scopeOf(principal));
  }

  @Allow(...READERS)
  @Query(() => Tender)
  tender(
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Tender> {
    return this.service.get(id, scopeOf(principal));
  }

  @Allow('hub.commissioner')
  @Mutation(() => Tender, { description: 'Start a joint tender as a draft (lots and shares may come now or later).' })
  createTender(@Args('input') input: CreateTenderInput, @CurrentPrincipal() principal: Principal): Promise<Tender> {
    return this.service.create(input, principal.subject);
  }

  @Allow('hub.commissioner')
  @Mutation(() => Tender, { description: 'Add a lot to a draft tender.' })
  addTenderLot(@Args('input') input: AddTenderLotInput): Promise<Tender> {
    return this.service.addLot(input.tenderId, input.lot);
  }

  @Allow('hub.commissioner')
  @Mutation(() => Tender, { description: 'Set the participating councils and their shares of a draft tender.' })
  setTenderCouncils(@Args('input') input: SetTenderCouncilsInput): Promise<Tender> {
    return this.service.setCouncils(input.tenderId, input.councils);
  }

  @Allow('hub.commissioner')
  @Mutation(() => Tender, { description: 'draft -> published (needs lots, shares summing to 100%, questions).' })
  publishTender(@Args('input') input: TenderTransitionInput, @CurrentPrincipal() principal: Principal) {
    return this.service.move(input.tenderId, 'published', principal.subject, input.reason);
  }

  @Allow('hub.commissioner')
  @Mutation(() => Tender, { description: 'published -> open: providers may bid.' })
  openTenderForBids(@Args('input') input: TenderTransitionInput, @CurrentPrincipal() principal: Principal) {
    return this.service.move(input.tenderId, 'open', principal.subject, input.reason);
  }

  @Allow('hub.commissioner')
  @Mutation(() => Tender, { description: 'open -> evaluation: bidding closes, the panel scores quality.' })
  closeTenderBidding(@Args('input') input: TenderTransitionInput, @CurrentPrincipal() principal: Principal) {
    return this.service.move(input.tenderId, 'evaluation', principal.subject, input.reason);
  }

  @Allow('hub.commissioner')
  @Mutation(() => Tender, {
    description: 'evaluation -> awarded: each lot to its top-ranked bid, as a block contract committed in the ledger.',
  })
  awardTender(@Args('input') input: TenderTransitionInput, @CurrentPrincipal() principal: Principal) {
    return this.service.award(input.tenderId, principal.subject);
  }

  @Allow('hub.commissioner')
  @Mutation(() => Tender, { description: 'Abandon an unfinished tender (a reason is required).' })
  abandonTender(@Args('input') input: TenderTransitionInput, @CurrentPrincipal() principal: Principal) {
    return this.service.move(input.tenderId, 'abandoned', principal.subject, input.reason);
  }

  @Allow('hub.commissioner')
  @ResolveReference()
  resolveReference(reference: { __typename: string; id: string }): Promise<Tender | null> {
    return this.service.get(reference.id, { kind: 'hub' }).catch(() => null);
  }
}
