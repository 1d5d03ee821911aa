import { VOID_SHARING_RULES, type VoidSharing } from '../../../domain/index.js';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
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
import { NEED_FLAGS, POSTCODE_DISTRICT_PATTERN, SETTING_TYPES } from '@rcc/contracts';
import { CouncilShareInput } from './council-share.input.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType({ description: 'One lot of a joint tender: the beds and needs the region wants bought together.' })
export class TenderLotInput {
  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title: string;

  @Field(() => String, { description: `One of: ${SETTING_TYPES.join(', ')}` })
  @IsIn(SETTING_TYPES)
  settingType: (typeof SETTING_TYPES)[number];

  @Field(() => [String], { description: `Needs the homes must be registered for: ${NEED_FLAGS.join(', ')}` })
  @ArrayMaxSize(NEED_FLAGS.length)
  @IsIn(NEED_FLAGS, { each: true })
  needs: (typeof NEED_FLAGS)[number][];

  @Field({ description: 'Postcode district the beds should be in, e.g. ST4' })
  @Matches(POSTCODE_DISTRICT_PATTERN, { message: 'locality must be a postcode district such as ST4' })
  locality: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(1_000)
  beds: number;

  @Field(() => Int, { description: 'Term of the block contract in months' })
  @IsInt()
  @Min(1)
  @Max(120)
  termMonths: number;
}

@InputType()
export class TenderTimetableInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE)
  publishOn?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE)
  bidsCloseOn?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE)
  awardBy?: string;
}

@InputType()
export class CreateTenderInput {
  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  title: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5_000)
  description?: string;

  @Field(() => Int, { nullable: true, description: 'Weight of price in evaluation, percent (default 60)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  priceWeight?: number;

  @Field(() => Int, { nullable: true, description: 'Weight of quality in evaluation, percent (default 40)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  qualityWeight?: number;

  @Field(() => [String], { nullable: true, description: 'Quality questions every bid must answer' })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(3, { each: true })
  @MaxLength(1_000, { each: true })
  qualityQuestions?: string[];

  @Field(() => TenderTimetableInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TenderTimetableInput)
  timetable?: TenderTimetableInput;

  @Field(() => [TenderLotInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TenderLotInput)
  lots?: TenderLotInput[];

  @Field(() => [CouncilShareInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CouncilShareInput)
  councils?: CouncilShareInput[];

  @Field(() => String, {
    nullable: true,
    description: `How the contracts' void beds are paid for: ${VOID_SHARING_RULES.join(' or ')} (default pooled-by-share)`,
  })
  @IsOptional()
  @IsIn(VOID_SHARING_RULES)
  voidSharing?: VoidSharing;
}

@InputType()
export class AddTenderLotInput {
  @Field(() => ID)
  @IsUUID()
  tenderId: string;

  @Field(() => TenderLotInput)
  @ValidateNested()
  @Type(() => TenderLotInput)
  lot: TenderLotInput;
}

@InputType()
export class SetTenderCouncilsInput {
  @Field(() => ID)
  @IsUUID()
  tenderId: string;

  @Field(() => [CouncilShareInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CouncilShareInput)
  councils: CouncilShareInput[];
}

@InputType()
export class TenderTransitionInput {
  @Field(() => ID)
  @IsUUID()
  tenderId: string;

  @Field({ nullable: true, description: 'Why (required to abandon)' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(1_000)
  reason?: string;
}
