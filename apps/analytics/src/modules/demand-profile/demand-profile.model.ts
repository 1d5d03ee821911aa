import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DemandTotal, PublishedCount } from '../publication/dtos/published-count.model.js';

@ObjectType()
export class DemandCell {
  @Field()
  placementCategory: string;

  @Field()
  ageBand: string;

  @Field(() => PublishedCount)
  value: PublishedCount;
}

@ObjectType()
export class ContributingCouncil {
  @Field({ description: 'ONS code.' })
  code: string;

  @Field({ description: 'The date of the snapshot pooled for this council.' })
  asAt: string;
}

@ObjectType({
  description: 'Children looked after across the region by placement category and age band, disclosure-controlled.',
})
export class DemandProfile {
  @Field(() => String, { nullable: true, description: 'The latest snapshot date among the pooled councils.' })
  asAt: string | null;

  @Field(() => [ContributingCouncil], { description: "The councils pooled, each with its latest snapshot's date." })
  councils: ContributingCouncil[];

  @Field(() => Int, { description: 'Counts from 1 to minCount - 1 are suppressed.' })
  minCount: number;

  @Field(() => [String])
  placementCategories: string[];

  @Field(() => [String])
  ageBands: string[];

  @Field(() => [DemandCell])
  cells: DemandCell[];

  @Field(() => [DemandTotal])
  categoryTotals: DemandTotal[];

  @Field(() => [DemandTotal])
  ageBandTotals: DemandTotal[];

  @Field(() => PublishedCount)
  total: PublishedCount;
}
