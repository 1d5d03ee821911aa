import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Demand against usable supply for one placement category (hub and councils only).' })
export class CategoryGap {
  @Field() placementCategory: string;
  @Field(() => Int, { description: "Children looked after (each council's latest need snapshot)." })
  childrenLookedAfter: number;
  @Field(() => Int, { description: 'Referrals open now (not yet placed, withdrawn or closed unmet).' })
  openReferrals: number;
  @Field(() => Int, { description: 'Referrals unmet: no offer in the window, or closed unmet.' })
  unmetReferrals: number;
  @Field(() => Int, { description: 'Declared, in-date vacancies (never registered places).' })
  declaredVacancies: number;
  @Field(() => Int, { description: 'Beds in block contracts in force.' })
  blockBeds: number;
  @Field(() => Int, { description: 'Block beds with no current placement in them.' })
  vacantBlockBeds: number;
  @Field(() => Int, { description: 'max(0, open referrals - declared vacancies - vacant block beds).' })
  shortfall: number;
}

@ObjectType()
export class NeedGap {
  @Field({ description: 'A need-specific registration category (NEED_FLAGS).' }) need: string;
  @Field(() => Int) openReferrals: number;
  @Field(() => Int) unmetReferrals: number;
  @Field(() => Int, { description: 'Declared vacancies in settings that say they can meet this need.' })
  vacanciesAbleToMeet: number;
}

@ObjectType()
export class LocalityGap {
  @Field({ description: 'ONS code of the local authority the settings are in.' }) localAuthorityCode: string;
  @Field() placementCategory: string;
  @Field(() => Int) declaredVacancies: number;
}

@ObjectType()
export class SufficiencyGaps {
  @Field({ description: 'The date the supply was judged at (declarations in date on this day).' }) asAt: string;
  @Field(() => String, { nullable: true, description: 'The council the figures are limited to; null: the region.' })
  council: string | null;
  @Field(() => [CategoryGap]) byCategory: CategoryGap[];
  @Field(() => [NeedGap]) byNeed: NeedGap[];
  @Field(() => [LocalityGap]) byLocality: LocalityGap[];
}

@ObjectType({ description: "Where a council's current placements are: in its own area or another's." })
export class PlacingCouncilLocality {
  @Field() councilCode: string;
  @Field(() => Int) inArea: number;
  @Field(() => Int) outOfArea: number;
  @Field(() => Int, { description: "The setting's local authority is not known to the registry." })
  unknownLocality: number;
}

@ObjectType({ description: "Who uses the placements in a council's area: its own children or other councils'." })
export class HostCouncilUse {
  @Field() localAuthorityCode: string;
  @Field(() => Int) byOwnChildren: number;
  @Field(() => Int) byOtherCouncils: number;
}

@ObjectType()
export class PlacementLocality {
  @Field(() => [PlacingCouncilLocality]) placingCouncils: PlacingCouncilLocality[];
  @Field(() => [HostCouncilUse]) hostCouncils: HostCouncilUse[];
}

@ObjectType()
export class ReasonCount {
  @Field() reason: string;
  @Field(() => Int) count: number;
}

@ObjectType()
export class UnmetReferrals {
  @Field(() => String, { nullable: true }) council: string | null;
  @Field(() => Int) total: number;
  @Field(() => [ReasonCount], { description: "Providers' decline reasons, summed over unmet referrals." })
  declineReasons: ReasonCount[];
  @Field(() => [ReasonCount], { description: "Councils' own reasons for closing unmet." })
  councilReasons: ReasonCount[];
  @Field(() => [ReasonCount], { description: 'Unmet referrals by age band.' }) byAgeBand: ReasonCount[];
  @Field(() => [ReasonCount], { description: 'Unmet referrals needing each need flag.' }) byNeed: ReasonCount[];
}

@ObjectType({
  description:
    'Weekly prices in integer pence: quartiles by Hyndman & Fan type 7 (linear interpolation; R and Excel ' +
    'QUARTILE.INC), rounded half up to the penny. No mean is given: a few very high-cost placements skew it.',
})
export class PriceDistribution {
  @Field() placementCategory: string;
  @Field({ description: 'How it was bought: block, framework-call-off, dps, spot, in-house.' }) route: string;
  @Field(() => Int) n: number;
  @Field(() => Int, { nullable: true }) minPence: number | null;
  @Field(() => Int, { nullable: true }) lowerQuartilePence: number | null;
  @Field(() => Int, { nullable: true }) medianPence: number | null;
  @Field(() => Int, { nullable: true }) upperQuartilePence: number | null;
  @Field(() => Int, { nullable: true }) maxPence: number | null;
  @Field(() => String, { nullable: true, description: 'Why no figures: too few placements to show other councils.' })
  withheld: string | null;
}

@ObjectType()
export class UtilisationCouncilLine {
  @Field() councilCode: string;
  @Field(() => Float, { description: 'Integer pence.' }) committedPence: number;
  @Field(() => Float, { description: 'Integer pence.' }) occupiedPence: number;
  @Field(() => Float, { description: 'Integer pence.' }) voidSharePence: number;
  @Field(() => Float, { description: 'Integer pence.' }) rechargesInPence: number;
  @Field(() => Float, { description: 'Integer pence.' }) rechargesOutPence: number;
}

@ObjectType({ description: 'A block contract: beds paid for, how many nights were used, and what the voids cost.' })
export class BlockContractUtilisation {
  @Field() contractId: string;
  @Field() placementCategory: string;
  @Field(() => Int) beds: number;
  @Field(() => Int, { description: 'Closed periods counted.' }) periods: number;
  @Field(() => Int) bedNights: number;
  @Field(() => Int) occupiedBedNights: number;
  @Field(() => Int) voidBedNights: number;
  @Field(() => Float, { nullable: true, description: 'occupied / bed-nights (0..1); null before any period.' })
  utilisation: number | null;
  @Field(() => Float, { description: 'Integer pence.' }) costPence: number;
  @Field(() => Float, { description: 'Integer pence.' }) voidCostPence: number;
  @Field(() => [UtilisationCouncilLine], { description: 'Per council, summed over periods (a council sees its own).' })
  councils: UtilisationCouncilLine[];
}
