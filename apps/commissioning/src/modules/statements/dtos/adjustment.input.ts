import { Field, InputType } from '@nestjs/graphql';
import { IsInt, Matches } from 'class-validator';
import { PURCHASE_ROUTES } from '@rcc/contracts';
import { CodeField, CouncilCodeField, IdField, NestedListField, Pence, TextField } from '../../../platform/index.js';

export const ADJUSTMENT_LINE_KINDS = ['used', 'void', 'recharge-in', 'recharge-out', 'spend'] as const;

@InputType({ description: 'A council charged (positive) or credited (negative) by a hand adjustment.' })
export class AdjustmentLineInput {
  @CouncilCodeField()
  councilCode: string;

  @CodeField(ADJUSTMENT_LINE_KINDS, { description: `One of: ${ADJUSTMENT_LINE_KINDS.join(', ')}` })
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

  @IdField({ nullable: true, description: 'The block contract (for used, void and recharge lines)' })
  contractId?: string;

  @CodeField(PURCHASE_ROUTES.filter((r) => r !== 'block'), {
    nullable: true,
    description: `For spend lines: ${PURCHASE_ROUTES.filter((r) => r !== 'block').join(', ')}`,
  })
  route?: string;

  @TextField(3, 1_000)
  reason: string;

  @NestedListField(() => AdjustmentLineInput, 40, { min: 1 })
  lines: AdjustmentLineInput[];
}
