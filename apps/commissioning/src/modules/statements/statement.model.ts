import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Pence } from '../../platform/index.js';
import { Provider } from '../bids/bid.model.js';

@ObjectType({
  description:
    'An entry posted in this month that belongs to another: arrears, correction (both from period close), ' +
    'adjustment (by hand) or reversal. Shown on its own line, never folded into the month’s figures.',
})
export class StatementAdjustment {
  @Field(() => ID) entryId: string;
  @Field({ description: 'arrears, correction, adjustment or reversal' }) label: string;
  @Field({ description: 'The month it belongs to' }) relatesToPeriod: string;
  @Field(() => ID, { nullable: true }) contractId: string | null;
  @Field(() => String, { nullable: true }) contractName: string | null;
  @Field() description: string;
  @Field() postedBy: string;
  @Field() postedAt: Date;
  @Field(() => Pence, { description: 'Charged to this council (negative: credited)' }) chargePence: number;
  @Field(() => Pence, { description: 'Commitment released for this council by it' }) committedPence: number;
}

@ObjectType({ description: 'Non-block spend of a council in a period, by how it was bought.' })
export class RouteSpend {
  @Field() route: string;
  @Field(() => Int) placements: number;
  @Field(() => Int) bedNights: number;
  @Field(() => Pence) spendPence: number;
}

@ObjectType({ description: 'A council’s line of a block contract’s month.' })
export class ContractCouncilLine {
  @Field() councilCode: string;
  @Field(() => Int) occupiedBedNights: number;
  @Field(() => Pence, { description: 'Its share of the month’s committed cost' }) committedPence: number;
  @Field(() => Pence, { description: 'Occupied bed-nights in its allocation (its own and those it lent)' })
  usedPence: number;
  @Field(() => Pence, { description: 'Its share of the void cost' }) voidPence: number;
  @Field(() => Pence, { description: 'Credited: other councils used its unused allocated beds' })
  rechargesInPence: number;
  @Field(() => Pence, { description: 'Charged: it used other councils’ unused allocated beds' })
  rechargesOutPence: number;
  @Field(() => Pence, { description: 'used + void + recharges out - recharges in' }) netPence: number;
}

@ObjectType({ description: 'A block contract’s month, closed.' })
export class ContractStatement {
  @Field() period: string;
  @Field(() => ID) contractId: string;
  @Field() contractName: string;
  @Field(() => Provider) provider: Provider;
  @Field(() => Int) bedNights: number;
  @Field(() => Int) occupiedBedNights: number;
  @Field(() => Int) voidBedNights: number;
  @Field(() => Pence) costPence: number;
  @Field(() => Pence) voidCostPence: number;
  @Field(() => [ContractCouncilLine]) councils: ContractCouncilLine[];
  @Field({ description: 'Every figure equals the sum of its journal lines' }) reconciles: boolean;
}

@ObjectType({ description: 'A council’s month: block contracts and everything bought outside them.' })
export class CouncilStatement {
  @Field() period: string;
  @Field() councilCode: string;
  @Field(() => Int) occupiedBlockBedNights: number;
  @Field(() => Pence) committedPence: number;
  @Field(() => Pence) usedPence: number;
  @Field(() => Pence) voidPence: number;
  @Field(() => Pence) rechargesInPence: number;
  @Field(() => Pence) rechargesOutPence: number;
  @Field(() => Pence, { description: 'Block cost: used + void + recharges out - recharges in' }) blockNetPence: number;
  @Field(() => [RouteSpend]) spend: RouteSpend[];
  @Field(() => Pence, { description: 'Block net plus every other route' }) totalPence: number;
  @Field({ description: 'Every figure equals the sum of its journal lines' }) reconciles: boolean;
  @Field(() => [StatementAdjustment], { description: 'Entries for other months posted in this one' })
  adjustments: StatementAdjustment[];
  @Field(() => Pence, { description: 'Sum of the adjustments’ charges' }) adjustmentsPence: number;
  @Field(() => Pence, { description: 'What the council owes for this month’s statement: total plus adjustments' })
  payablePence: number;
}

@ObjectType()
export class PeriodStatements {
  @Field() period: string;
  @Field() closedAt: Date;
  @Field(() => [CouncilStatement]) councils: CouncilStatement[];
  @Field(() => [ContractStatement]) contracts: ContractStatement[];
}
