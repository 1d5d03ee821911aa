import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MAX_WEEKLY_PENCE, IsIntIn } from '@rcc/contracts';
import { Pence } from '../../../platform/pence.scalar.js';

@InputType()
export class QualityAnswerInput {
  @Field(() => Int, { description: 'Index of the tender’s quality question (0-based)' })
  @IsIntIn(0, 19)
  question: number;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  answer: string;
}

@InputType({ isAbstract: true, description: 'What a bid offers: the same for a new bid and an amended one.' })
export class BidTermsInput {
  @Field(() => [String], { description: 'Ofsted URNs of the settings the beds are in' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(/^[A-Z0-9]{1,10}$/, { each: true, message: 'settingUrns must be Ofsted URNs' })
  settingUrns: string[];

  @Field(() => Int)
  @IsIntIn(1, 1_000)
  beds: number;

  @Field(() => Pence, { description: 'Weekly price per bed, pence, excluding VAT' })
  @IsIntIn(1, MAX_WEEKLY_PENCE)
  weeklyPricePerBedPence: number;

  @Field()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  startDate: string;

  @Field(() => [QualityAnswerInput])
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => QualityAnswerInput)
  qualityAnswers: QualityAnswerInput[];
}

@InputType({ description: 'A provider’s bid for one lot (the provider is the caller’s own).' })
export class SubmitBidInput extends BidTermsInput {
  @Field(() => ID)
  @IsUUID()
  lotId: string;
}

@InputType({ description: 'New terms for one of your bids, replacing the old ones (until the deadline).' })
export class AmendBidInput extends BidTermsInput {
  @Field(() => ID)
  @IsUUID()
  bidId: string;
}

@InputType()
export class WithdrawBidInput {
  @Field(() => ID)
  @IsUUID()
  bidId: string;
}

@InputType({ description: 'The panel’s score for each quality question, and the moderated total.' })
export class ScoreBidAnswersInput {
  @Field(() => ID)
  @IsUUID()
  bidId: string;

  @Field(() => [Int], { description: 'One score 0-100 per quality question, in order' })
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(100, { each: true })
  questionScores: number[];

  @Field(() => Int, { nullable: true, description: 'The agreed total, when it differs from the average' })
  @IsOptional()
  @IsIntIn(0, 100)
  moderatedScore?: number;

  @Field({ nullable: true, description: 'Why the agreed total differs from the average' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  moderationNote?: string;
}

@InputType()
export class ScoreBidInput {
  @Field(() => ID)
  @IsUUID()
  bidId: string;

  @Field(() => Int, { description: 'Quality score 0-100 from the evaluation panel' })
  @IsIntIn(0, 100)
  qualityScore: number;
}
