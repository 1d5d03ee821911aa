import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Pence } from '../../platform/index.js';

@ObjectType({ description: 'One line of a journal entry: debit positive, credit negative.' })
export class JournalLine {
  @Field() account: string;
  @Field(() => Pence) amountPence: number;
  @Field() kind: string;
  @Field(() => String, { nullable: true }) councilCode: string | null;
  @Field(() => ID, { nullable: true }) contractId: string | null;
  @Field(() => String, { nullable: true }) route: string | null;
}

@ObjectType({ description: 'An append-only journal entry; its lines sum to zero.' })
export class JournalEntry {
  @Field(() => ID) id: string;
  @Field() idempotencyKey: string;
  @Field() kind: string;
  @Field() description: string;
  @Field(() => String, { nullable: true }) period: string | null;
  @Field(() => ID, { nullable: true }) contractId: string | null;
  @Field(() => ID, { nullable: true }) reversesEntryId: string | null;
  @Field(() => ID, { nullable: true, description: 'The entry that reverses this one, once it has been' })
  reversedByEntryId: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The month it belongs to when posted in a later one (arrears, corrections, adjustments, reversals)',
  })
  relatesToPeriod: string | null;
  @Field() postedBy: string;
  @Field() postedAt: Date;
  @Field(() => [JournalLine]) lines: JournalLine[];
}

@ObjectType()
export class AccountBalance {
  @Field() account: string;
  @Field(() => Pence, { description: 'Debit positive, recomputed from the journal' }) balancePence: number;
}

@ObjectType({ description: 'The journal checked from its lines alone.' })
export class LedgerCheck {
  @Field(() => Int) entries: number;
  @Field(() => Int) lines: number;
  @Field(() => Int, { description: 'Entries whose lines do not sum to zero (always 0)' }) unbalancedEntries: number;
  @Field(() => Pence, { description: 'Sum of every account balance (always 0)' }) totalPence: number;
}

@InputType()
export class ReverseJournalEntryInput {
  @Field(() => ID)
  @IsUUID()
  entryId: string;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(1_000)
  reason: string;
}
