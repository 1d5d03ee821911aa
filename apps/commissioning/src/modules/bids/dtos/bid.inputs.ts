import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsISO8601,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MAX_WEEKLY_PENCE } from '@rcc/contracts';
import { Pence } from '../../../platform/pence.scalar.js';

@InputType()
export class QualityAnswerInput {
  @Field(() => Int, { description: 'Index of the tender’s quality question (0-based)' })
  @IsInt()
  @Min(0)
  @Max(19)
  question: number;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  answer: string;
}

@InputType({ description: 'A provider’s bid for one lot (the provider is the caller’s own).' })
export class SubmitBidInput {
  @Field(() => ID)
  @IsUUID()
  lotId: string;

  @Field(() => [String], { description: 'Ofsted URNs of the settings the beds are in' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(/^[A-Z0-9]{1,10}$/, { each: true, message: 'settingUrns must be Ofsted URNs' })
  settingUrns: string[];

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(1_000)
  beds: number;

  @Field(() => Pence, { description: 'Weekly price per bed, pence, excluding VAT' })
  @IsInt()
  @Min(1)
  @Max(MAX_WEEKLY_PENCE)
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

@InputType()
export class ScoreBidInput {
  @Field(() => ID)
  @IsUUID()
  bidId: string;

  @Field(() => Int, { description: 'Quality score 0-100 from the evaluation panel' })
  @IsInt()
  @Min(0)
  @Max(100)
  qualityScore: number;
}
