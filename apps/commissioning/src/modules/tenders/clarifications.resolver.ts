import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { scopeOf } from '../../platform/scope.js';
import { AnswerTenderQuestionInput, AskTenderQuestionInput, TenderClarification } from './clarification.model.js';
import { ClarificationsService } from './clarifications.service.js';

@Resolver(() => TenderClarification)
export class ClarificationsResolver {
  constructor(private readonly service: ClarificationsService) {}

  @Allow('hub.commissioner', 'provider.user')
  @Query(() => [TenderClarification], {
    description: 'Clarification questions: all for the hub; published answers and your own questions for a provider.',
  })
  tenderClarifications(
    @Args('tenderId', { type: () => ID }, ParseUUIDPipe) tenderId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TenderClarification[]> {
    return this.service.list(tenderId, scopeOf(principal));
  }

  @Allow('provider.user')
  @Mutation(() => TenderClarification, {
    description: 'Ask the hub a clarification question about a published or open tender, before the bid deadline.',
  })
  askTenderQuestion(
    @Args('input') input: AskTenderQuestionInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TenderClarification> {
    return this.service.ask(input.tenderId, input.question, principal.provider!);
  }

  @Allow('hub.commissioner')
  @Mutation(() => TenderClarification, {
    description: 'Answer a clarification question: the answer is published to every bidder, the asker not named.',
  })
  answerTenderQuestion(
    @Args('input') input: AnswerTenderQuestionInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TenderClarification> {
    return this.service.answer(input.clarificationId, input.answer, principal.subject);
  }
}
