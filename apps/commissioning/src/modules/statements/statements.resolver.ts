import { Args, InputType, Field, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { scopeOf } from '../../platform/index.js';
import { JournalEntry } from '../ledger/ledger.model.js';
import { AdjustmentsService } from './adjustments.service.js';
import { PostAdjustmentInput } from './dtos/adjustment.input.js';
import { PeriodCloseService } from './period-close.service.js';
import { PeriodStatements } from './statement.model.js';
import { StatementsService } from './statements.service.js';

@InputType()
export class ClosePeriodInput {
  @Field({ description: 'The month, YYYY-MM' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be YYYY-MM' })
  period: string;
}

@Resolver(() => PeriodStatements)
export class StatementsResolver {
  constructor(
    private readonly statements: StatementsService,
    private readonly periodClose: PeriodCloseService,
    private readonly adjustments: AdjustmentsService,
  ) {}

  @Allow('hub.commissioner')
  @Mutation(() => JournalEntry, {
    description:
      'Post a hand adjustment in the open month for the month it belongs to (idempotent on your key): it appears ' +
      'as its own labelled line on each council’s statement.',
  })
  postAdjustment(@Args('input') input: PostAdjustmentInput, @CurrentPrincipal() principal: Principal) {
    return this.adjustments.post(input, principal.subject);
  }

  @Allow('hub.commissioner')
  @Mutation(() => PeriodStatements, {
    description: 'Close a month (in order, once it has ended): post it to the journal and produce the statements.',
  })
  closePeriod(@Args('input') input: ClosePeriodInput, @CurrentPrincipal() principal: Principal) {
    return this.periodClose.closePeriod(input.period, principal.subject);
  }

  @Allow('hub.commissioner', 'council.analyst', 'council.placements')
  @Query(() => PeriodStatements, {
    description:
      'A closed month’s statements from the journal: all for the hub, its own (and its contracts’) for a council.',
  })
  periodStatements(@Args('input') input: ClosePeriodInput, @CurrentPrincipal() principal: Principal) {
    return this.statements.statements(input.period, scopeOf(principal));
  }

  @Allow('hub.commissioner', 'council.analyst', 'council.placements')
  @Query(() => [String], { description: 'Closed months, oldest first.' })
  closedPeriods(): Promise<string[]> {
    return this.statements.closedPeriods();
  }
}
