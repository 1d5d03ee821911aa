import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { ArgsType, Field } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { toPence } from '../../platform/index.js';
import { AccountBalance, JournalEntry, LedgerCheck, ReverseJournalEntryInput } from './ledger.model.js';
import { LedgerService } from './ledger.service.js';

@ArgsType()
export class JournalArgs {
  @Field(() => ID, { nullable: true, description: 'One entry, by its id' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be YYYY-MM' })
  period?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  contractId?: string;
}

/** The journal is the hub's: councils read their statements, never other councils' lines. */
@Resolver(() => JournalEntry)
export class LedgerResolver {
  constructor(
    private readonly ledger: LedgerService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Allow('hub.commissioner')
  @Query(() => [JournalEntry], { description: 'Journal entries in posting order (at most 5000).' })
  journalEntries(@Args() args: JournalArgs): Promise<JournalEntry[]> {
    return this.ledger.entries(this.dataSource, {
      ...(args.id ? { ids: [args.id] } : {}),
      ...(args.period ? { period: args.period } : {}),
      ...(args.contractId ? { contractIds: [args.contractId] } : {}),
      limit: 5000,
    });
  }

  @Allow('hub.commissioner')
  @Query(() => [AccountBalance], { description: 'Every account’s balance, recomputed from the journal lines.' })
  async accountBalances(): Promise<AccountBalance[]> {
    return [...(await this.ledger.balances())].map(([account, balancePence]) => ({ account, balancePence }));
  }

  @Allow('hub.commissioner')
  @Query(() => LedgerCheck, { description: 'Checks every entry balances and all balances sum to zero.' })
  async ledgerCheck(): Promise<LedgerCheck> {
    const [row] = (await this.dataSource.query(`
      SELECT (SELECT count(*) FROM journal_entry)::int AS entries,
             (SELECT count(*) FROM journal_line)::int AS lines,
             (SELECT count(*) FROM (SELECT entry_id FROM journal_line GROUP BY entry_id
                                    HAVING sum(amount_pence) <> 0) u)::int AS unbalanced,
             (SELECT coalesce(sum(amount_pence), 0) FROM journal_line)::text AS total`)) as {
      entries: number;
      lines: number;
      unbalanced: number;
      total: string;
    }[];
    return {
      entries: row!.entries,
      lines: row!.lines,
      unbalancedEntries: row!.unbalanced,
      totalPence: toPence(row!.total),
    };
  }

  @Allow('hub.commissioner')
  @Mutation(() => JournalEntry, { description: 'Correct an entry by posting its reversal (nothing is ever edited).' })
  async reverseJournalEntry(
    @Args('input') input: ReverseJournalEntryInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<JournalEntry> {
    return (await this.ledger.reverse(input.entryId, input.reason, principal.subject)).entry;
  }
}
