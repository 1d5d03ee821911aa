import { Field, InputType } from '@nestjs/graphql';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { MAX_WEEKLY_PENCE, PLACEMENT_CATEGORIES } from '@rcc/contracts';
import {
  CodeField,
  CouncilCodeField,
  DateField,
  IdField,
  IntField,
  NestedListField,
  Pence,
  SettingUrnsField,
  TextField,
} from '../../../platform/index.js';
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

  @TextField(3, 200, { description: 'What the finance team calls the contract' })
  name: string;

  @CodeField(VOID_SHARING_RULES, {
    nullable: true,
    description: `Who pays for void beds: ${VOID_SHARING_RULES.join(' or ')} (default pooled-by-share)`,
  })
  voidSharing?: VoidSharing;

  @IdField()
  providerId: string;

  @SettingUrnsField()
  settingUrns: string[];

  @CodeField(PLACEMENT_CATEGORIES, { description: `One of: ${PLACEMENT_CATEGORIES.join(', ')}` })
  placementCategory: (typeof PLACEMENT_CATEGORIES)[number];

  @IntField(1, 1_000)
  beds: number;

  @Field(() => Pence)
  @IsInt()
  @Min(1, { message: 'weeklyPricePerBedPence must be at least 1 penny' })
  @Max(MAX_WEEKLY_PENCE)
  weeklyPricePerBedPence: number;

  @DateField()
  startDate: string;

  @DateField({ description: 'Exclusive: the first night no longer paid for' })
  endDate: string;

  @NestedListField(() => CouncilShareInput, 20, { min: 1 })
  councils: CouncilShareInput[];
}

@InputType()
export class OfferBlockBedsInput {
  @IdField()
  contractId: string;

  @CouncilCodeField({ nullable: true, description: 'The offering council (hub only; a council offers its own)' })
  councilCode?: string;

  @DateField()
  fromDate: string;

  @DateField({ description: 'Exclusive' })
  toDate: string;
}
