import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class IndicatorCell {
  @Field() placementCategory: string;
  @Field() ageBand: string;
  @Field(() => Int) count: number;
}

@ObjectType()
export class MonthFlow {
  @Field({ description: 'YYYY-MM' }) month: string;
  @Field(() => Int, { description: 'Children starting to be looked after (RNE S).' }) entries: number;
  @Field(() => Int, { description: 'Episodes ending with a reason other than X1.' }) exits: number;
}

@ObjectType()
export class Proportion {
  @Field(() => Int) count: number;
  @Field(() => Int) of: number;
}

@ObjectType({ description: 'Children placed outside the council area, of those whose placement location is known.' })
export class OutOfAreaShare {
  @Field(() => Int, { description: 'Current placements outside the area (PL_LOCATION OUT, or PL_LA another LA).' })
  count: number;
  @Field(() => Int, { description: 'Children looked after at asAt whose placement location is known.' }) of: number;
  @Field(() => Int, { description: 'Children looked after at asAt whose placement location is not known.' })
  unknown: number;
}

@ObjectType({
  description:
    "This council's own indicators from its child-level records (unsuppressed: council users only; audited).",
})
export class CouncilIndicators {
  @Field() councilCode: string;
  @Field() asAt: string;
  @Field(() => Int) lookedAfter: number;
  @Field(() => [IndicatorCell]) lookedAfterByPlacementAndAge: IndicatorCell[];
  @Field(() => [MonthFlow], { description: 'The twelve months ending with the month of asAt.' }) flows: MonthFlow[];
  @Field(() => Proportion, { description: 'Looked after at asAt with 3 or more placements in the year to asAt.' })
  threeOrMorePlacements: Proportion;
  @Field(() => Proportion, {
    description: 'Under 16, looked after 2.5 years or more, in the same placement for 2 years or more.',
  })
  samePlacementTwoYears: Proportion;
  @Field(() => [String], { description: 'Under-16s placed in settings not regulated for them (H5, P2): flagged.' })
  under16Unregulated: string[];
  @Field(() => Proportion, {
    description:
      'Placed referrals whose plan preferred fostering (and not residential) where the child started a residential ' +
      'episode within 7 days of the placement start.',
  })
  residentialWhenFosteringPreferred: Proportion;
  @Field(() => OutOfAreaShare, {
    nullable: true,
    description:
      'Looked after at asAt and placed outside the council area (from PL_LOCATION or PL_LA); null when the ' +
      'imported episodes carry neither (see outOfAreaUnavailable).',
  })
  outOfArea: OutOfAreaShare | null;
  @Field(() => String, { nullable: true, description: 'Why outOfArea cannot be computed from the data held.' })
  outOfAreaUnavailable: string | null;
}
