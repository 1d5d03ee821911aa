import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
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
import { COUNCIL_CODE_PATTERN, MAX_WEEKLY_PENCE, PLACEMENT_CATEGORIES, IsIntIn, IsIsoDate } from '@rcc/contracts';
import { Pence } from '../../../platform/index.js';
import { VOID_SHARING_RULES, type VoidSharing } from '../../../domain/index.js';
import { CouncilShareInput } from '../../tenders/dtos/council-share.input.js';

@InputType({ description: 'A block contract bought outside a tender on this platform (e.g. an earlier procurement).' })
export class CreateBlockContractInput {
  @Field({
    description: 'Your key for this request: sending it again (even at the same time) returns the same contract',
  })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{8,200}$/, { message: 'idempotencyKey must be 8-200 letters, digits or . _ : -' })
  idempotencyKey: string;

  @Field({ description: 'What the finance team calls the contract' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  name: string;

  @Field(() => String, {
    nullable: true,
    description: `Who pays for void beds: ${VOID_SHARING_RULES.join(' or ')} (default pooled-by-share)`,
  })
  @IsOptional()
  @IsIn(VOID_SHARING_RULES)
  voidSharing?: VoidSharing;

  @Field(() => ID)
  @IsUUID()
  providerId: string;

  @Field(() => [String])
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(/^[A-Z0-9]{1,10}$/, { each: true, message: 'settingUrns must be Ofsted URNs' })
  settingUrns: string[];

  @Field(() => String, { description: `One of: ${PLACEMENT_CATEGORIES.join(', ')}` })
  @IsIn(PLACEMENT_CATEGORIES)
  placementCategory: (typeof PLACEMENT_CATEGORIES)[number];

  @Field(() => Int)
  @IsIntIn(1, 1_000)
  beds: number;

  @Field(() => Pence)
  @IsInt()
  @Min(1, { message: 'weeklyPricePerBedPence must be at least 1 penny' })
  @Max(MAX_WEEKLY_PENCE)
  weeklyPricePerBedPence: number;

  @Field()
  @IsIsoDate()
  startDate: string;

  @Field({ description: 'Exclusive: the first night no longer paid for' })
  @IsIsoDate()
  endDate: string;

  @Field(() => [CouncilShareInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CouncilShareInput)
  councils: CouncilShareInput[];
}

@InputType()
export class OfferBlockBedsInput {
  @Field(() => ID)
  @IsUUID()
  contractId: string;

  @Field({ nullable: true, description: 'The offering council (hub only; a council offers its own)' })
  @IsOptional()
  @Matches(COUNCIL_CODE_PATTERN)
  councilCode?: string;

  @Field()
  @IsIsoDate()
  fromDate: string;

  @Field({ description: 'Exclusive' })
  @IsIsoDate()
  toDate: string;
}
