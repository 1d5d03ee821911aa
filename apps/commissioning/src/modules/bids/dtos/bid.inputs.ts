import { Field, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsInt, Max, Min } from 'class-validator';
import { MAX_WEEKLY_PENCE, IsIntIn } from '@rcc/contracts';
import {
  DateField,
  IdField,
  IntField,
  NestedListField,
  SettingUrnsField,
  TextField,
} from '../../../platform/input-fields.js';
import { Pence } from '../../../platform/pence.scalar.js';

@InputType()
export class QualityAnswerInput {
  @IntField(0, 19, { description: 'Index of the tender’s quality question (0-based)' })
  question: number;

  @TextField(1, 10_000)
  answer: string;
}

@InputType({ isAbstract: true, description: 'What a bid offers: the same for a new bid and an amended one.' })
export class BidTermsInput {
  @SettingUrnsField({ description: 'Ofsted URNs of the settings the beds are in' })
  settingUrns: string[];

  @IntField(1, 1_000)
  beds: number;

  @Field(() => Pence, { description: 'Weekly price per bed, pence, excluding VAT' })
  @IsIntIn(1, MAX_WEEKLY_PENCE)
  weeklyPricePerBedPence: number;

  @DateField()
  startDate: string;

  @NestedListField(() => QualityAnswerInput, 20)
  qualityAnswers: QualityAnswerInput[];
}

@InputType({ description: 'A provider’s bid for one lot (the provider is the caller’s own).' })
export class SubmitBidInput extends BidTermsInput {
  @IdField()
  lotId: string;
}

@InputType({ description: 'New terms for one of your bids, replacing the old ones (until the deadline).' })
export class AmendBidInput extends BidTermsInput {
  @IdField()
  bidId: string;
}

@InputType()
export class WithdrawBidInput {
  @IdField()
  bidId: string;
}

@InputType({ description: 'The panel’s score for each quality question, and the moderated total.' })
export class ScoreBidAnswersInput {
  @IdField()
  bidId: string;

  @Field(() => [Int], { description: 'One score 0-100 per quality question, in order' })
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(100, { each: true })
  questionScores: number[];

  @IntField(0, 100, { nullable: true, description: 'The agreed total, when it differs from the average' })
  moderatedScore?: number;

  @TextField(0, 2_000, { nullable: true, description: 'Why the agreed total differs from the average' })
  moderationNote?: string;
}

@InputType()
export class ScoreBidInput {
  @IdField()
  bidId: string;

  @IntField(0, 100, { description: 'Quality score 0-100 from the evaluation panel' })
  qualityScore: number;
}
