import { Field, ID, InputType } from '@nestjs/graphql';
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
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { COUNCIL_CODE_PATTERN, PURCHASE_ROUTES } from '@rcc/contracts';
import { Pence } from '../../../platform/index.js';

export const ADJUSTMENT_LINE_KINDS = ['used', 'void', 'recharge-in', 'recharge-out', 'spend'] as const;

@InputType({ description: 'A council charged (positive) or credited (negative) by a hand adjustment.' })
export class AdjustmentLineInput {
  @Field()
  @Matches(COUNCIL_CODE_PATTERN, { message: 'councilCode must be an ONS council code' })
  councilCode: string;

  @Field(() => String, { description: `One of: ${ADJUSTMENT_LINE_KINDS.join(', ')}` })
  @IsIn(ADJUSTMENT_LINE_KINDS)
  kind: (typeof ADJUSTMENT_LINE_KINDS)[number];

  @Field(() => Pence, { description: 'Charged (positive) or credited (negative), in pence' })
  @IsInt()
  amountPence: number;
}

@InputType({ description: 'A hand-posted adjustment, posted in the open month for the month it belongs to.' })
export class PostAdjustmentInput {
  @Field({ description: 'Your key for this request: sending it again returns the same entry' })
  @Matches(/^[A-Za-z0-9._:-]{8,200}$/, { message: 'idempotencyKey must be 8-200 letters, digits or . _ : -' })
  idempotencyKey: string;

  @Field({ description: 'The month it belongs to, YYYY-MM' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'relatesToPeriod must be YYYY-MM' })
  relatesToPeriod: string;

  @Field(() => ID, { nullable: true, description: 'The block contract (for used, void and recharge lines)' })
  @IsOptional()
  @IsUUID()
  contractId?: string;

  @Field(() => String, {
    nullable: true,
    description: `For spend lines: ${PURCHASE_ROUTES.filter((r) => r !== 'block').join(', ')}`,
  })
  @IsOptional()
  @IsIn(PURCHASE_ROUTES.filter((r) => r !== 'block'))
  route?: string;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(1_000)
  reason: string;

  @Field(() => [AdjustmentLineInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => AdjustmentLineInput)
  lines: AdjustmentLineInput[];
}
