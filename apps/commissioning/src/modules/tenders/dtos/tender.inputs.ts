import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NEED_FLAGS, POSTCODE_DISTRICT_PATTERN, SETTING_TYPES } from '@rcc/contracts';
import { VOID_SHARING_RULES, type VoidSharing } from '../../../domain/index.js';
import { CodeField, DateField, IdField, IntField, NestedListField, TextField } from '../../../platform/input-fields.js';
import { CouncilShareInput } from './council-share.input.js';

@InputType({ description: 'One lot of a joint tender: the beds and needs the region wants bought together.' })
export class TenderLotInput {
  @TextField(3, 200)
  title: string;

  @CodeField(SETTING_TYPES, { description: `One of: ${SETTING_TYPES.join(', ')}` })
  settingType: (typeof SETTING_TYPES)[number];

  @Field(() => [String], { description: `Needs the homes must be registered for: ${NEED_FLAGS.join(', ')}` })
  @ArrayMaxSize(NEED_FLAGS.length)
  @IsIn(NEED_FLAGS, { each: true })
  needs: (typeof NEED_FLAGS)[number][];

  @Field({ description: 'Postcode district the beds should be in, e.g. ST4' })
  @Matches(POSTCODE_DISTRICT_PATTERN, { message: 'locality must be a postcode district such as ST4' })
  locality: string;

  @IntField(1, 1_000)
  beds: number;

  @IntField(1, 120, { description: 'Term of the block contract in months' })
  termMonths: number;
}

@InputType()
export class TenderTimetableInput {
  @DateField({ nullable: true })
  publishOn?: string;

  @DateField({ nullable: true })
  bidsCloseOn?: string;

  @DateField({ nullable: true })
  awardBy?: string;
}

@InputType()
export class CreateTenderInput {
  @TextField(3, 300)
  title: string;

  @TextField(0, 5_000, { nullable: true })
  description?: string;

  @IntField(0, 100, { nullable: true, description: 'Weight of price in evaluation, percent (default 60)' })
  priceWeight?: number;

  @IntField(0, 100, { nullable: true, description: 'Weight of quality in evaluation, percent (default 40)' })
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

  @NestedListField(() => TenderLotInput, 20, { nullable: true })
  lots?: TenderLotInput[];

  @NestedListField(() => CouncilShareInput, 20, { nullable: true })
  councils?: CouncilShareInput[];

  @CodeField(VOID_SHARING_RULES, {
    nullable: true,
    description: `How the contracts' void beds are paid for: ${VOID_SHARING_RULES.join(' or ')} (default pooled-by-share)`,
  })
  voidSharing?: VoidSharing;
}

@InputType()
export class AddTenderLotInput {
  @IdField()
  tenderId: string;

  @Field(() => TenderLotInput)
  @ValidateNested()
  @Type(() => TenderLotInput)
  lot: TenderLotInput;
}

@InputType()
export class SetTenderCouncilsInput {
  @IdField()
  tenderId: string;

  @NestedListField(() => CouncilShareInput, 20, { min: 1 })
  councils: CouncilShareInput[];
}

@InputType()
export class TenderTransitionInput {
  @IdField()
  tenderId: string;

  @TextField(3, 1_000, { nullable: true, description: 'Why (required to abandon)' })
  reason?: string;
}
