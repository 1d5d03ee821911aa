import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description: 'A published number: a count, or a DfE marker (c suppressed, z not applicable, k rounds to zero).',
})
export class PublishedCount {
  @Field({ description: 'What to show: the count, or the marker.' })
  display: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The count when it is published; null when a marker stands in its place.',
  })
  count: number | null;

  @Field(() => String, { nullable: true })
  marker: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the marker: primary, secondary, not-applicable, rounds-to-zero.',
  })
  reason: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'When set, the count (or k) is the true figure rounded half up to this unit.',
  })
  roundedTo?: number | null;
}

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
export class DemandTotal {
  @Field()
  key: string;

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

  @Field({ description: 'True when the pooled councils reported as at different dates (see councils).' })
  mixedDates: boolean;

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
