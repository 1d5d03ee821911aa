import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Pence } from '../../platform/index.js';
import { Provider } from '../bids/bid.model.js';

@ObjectType({ description: 'A council’s share of a block contract.' })
export class ContractShare {
  @Field() councilCode: string;
  @Field(() => Int, { description: 'Basis points (10000 = 100%): its share of commitments and voids' })
  basisPoints: number;
  @Field(() => Int, { nullable: true, description: 'Allocated beds (allocation mode beds)' }) beds: number | null;
}

@ObjectType({ description: 'A council’s offer of its unused allocated beds to other members, [fromDate, toDate).' })
export class BedOffer {
  @Field(() => ID) id: string;
  @Field(() => ID) contractId: string;
  @Field() councilCode: string;
  @Field() fromDate: string;
  @Field() toDate: string;
}

@ObjectType({ description: 'Beds the region pays for whether used or not.' })
@Directive('@key(fields: "id")')
export class BlockContract {
  @Field(() => ID) id: string;
  @Field(() => ID, { nullable: true }) tenderId: string | null;
  @Field(() => ID, { nullable: true }) lotId: string | null;
  @Field(() => Provider) provider: Provider;
  @Field(() => [String]) settingUrns: string[];
  @Field() placementCategory: string;
  @Field(() => Int) beds: number;
  @Field(() => Pence) weeklyPricePerBedPence: number;
  @Field({ description: 'First night paid for' }) startDate: string;
  @Field({ description: 'First night no longer paid for (exclusive)' }) endDate: string;
  @Field({ description: 'beds (allocated beds, recharges) or shares (pay for use, share the voids)' })
  allocationMode: string;
  @Field({ description: 'What the finance team calls it (the lot’s title at award)' }) name: string;
  @Field({ description: 'Who pays for void beds: pooled-by-share or own-beds (a term of the contract)' })
  voidSharing: string;
  @Field(() => [ContractShare]) shares: ContractShare[];
  @Field(() => Pence, { description: 'Commitment not yet released by period closes (from the journal)' })
  outstandingCommitmentPence: number;
  @Field(() => [BedOffer]) offers: BedOffer[];
  @Field(() => Int, {
    description:
      'Beds a child could take from today (or the contract’s first night) and keep to its end: the beds less the most taken on any night, reservations included. A full contract refuses a block placement.',
  })
  freeBedsNow: number;
}
