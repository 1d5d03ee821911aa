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
export class DemandTotal {
  @Field()
  key: string;

  @Field(() => PublishedCount)
  value: PublishedCount;
}
