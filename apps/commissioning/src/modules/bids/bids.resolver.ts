import { ParseUUIDPipe } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, bearerToken, CurrentPrincipal, type Principal } from '@rcc/auth';
import { scopeOf } from '../../platform/scope.js';
import { Bid, LotEvaluation } from './bid.model.js';
import { BidsService } from './bids.service.js';
import { SettingOwnership } from './setting-ownership.js';
import {
  AmendBidInput,
  ScoreBidAnswersInput,
  ScoreBidInput,
  SubmitBidInput,
  WithdrawBidInput,
} from './dtos/bid.inputs.js';

type Req = { headers: Record<string, string | string[] | undefined> };

@Resolver(() => Bid)
export class BidsResolver {
  constructor(
    private readonly service: BidsService,
    private readonly ownership: SettingOwnership,
  ) {}

  @Allow('provider.user')
  @Mutation(() => Bid, { description: 'Bid for a lot of an open tender, as the caller’s provider.' })
  async submitBid(
    @Args('input') input: SubmitBidInput,
    @CurrentPrincipal() principal: Principal,
    @Context('req') req: Req,
  ): Promise<Bid> {
    await this.ownership.requireOwn(bearerToken(req.headers['authorization']), input.settingUrns);
    return this.service.submit(input, principal.provider!, principal.subject);
  }

  @Allow('provider.user')
  @Mutation(() => Bid, { description: 'Replace the terms of one of your bids, until the bid deadline.' })
  async amendBid(
    @Args('input') input: AmendBidInput,
    @CurrentPrincipal() principal: Principal,
    @Context('req') req: Req,
  ): Promise<Bid> {
    await this.ownership.requireOwn(bearerToken(req.headers['authorization']), input.settingUrns);
    return this.service.amend(input, principal.provider!);
  }

  @Allow('provider.user')
  @Mutation(() => Bid, { description: 'Withdraw one of your bids, until the bid deadline: it is not evaluated.' })
  withdrawBid(@Args('input') input: WithdrawBidInput, @CurrentPrincipal() principal: Principal): Promise<Bid> {
    return this.service.withdraw(input.bidId, principal.provider!);
  }

  @Allow('hub.commissioner', 'provider.user')
  @Query(() => [Bid], { description: 'Bids: every bid for the hub, only its own for a provider.' })
  bids(
    @CurrentPrincipal() principal: Principal,
    @Args('tenderId', { type: () => ID, nullable: true }, new ParseUUIDPipe({ optional: true })) tenderId?: string,
  ): Promise<Bid[]> {
    return this.service.list(scopeOf(principal), tenderId);
  }

  @Allow('hub.commissioner')
  @Mutation(() => Bid, { description: 'The evaluation panel’s quality score for a bid (tender in evaluation).' })
  scoreBid(@Args('input') input: ScoreBidInput): Promise<Bid> {
    return this.service.score(input.bidId, input.qualityScore);
  }

  @Allow('hub.commissioner')
  @Mutation(() => Bid, {
    description: 'The panel’s score for each quality question of a bid and the moderated total (in evaluation).',
  })
  scoreBidAnswers(@Args('input') input: ScoreBidAnswersInput): Promise<Bid> {
    return this.service.scoreAnswers(input);
  }

  @Allow('hub.commissioner')
  @Query(() => [LotEvaluation], { description: 'Each lot’s bids ranked with the published weights, explained.' })
  tenderEvaluation(@Args('tenderId', { type: () => ID }, ParseUUIDPipe) tenderId: string): Promise<LotEvaluation[]> {
    return this.service.evaluate(tenderId);
  }
}
