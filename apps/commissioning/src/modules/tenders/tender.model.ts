import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A council taking part in a tender, with its agreed share.' })
export class TenderCouncil {
  @Field() councilCode: string;
  @Field(() => Int, { description: 'Share in basis points (10000 = 100%)' }) basisPoints: number;
  @Field(() => Int, { nullable: true, description: 'Allocated beds, when the agreement allocates beds' })
  beds: number | null;
}

@ObjectType({ description: 'A lot of a joint tender.' })
export class TenderLot {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field() settingType: string;
  @Field() placementCategory: string;
  @Field(() => [String]) needs: string[];
  @Field() locality: string;
  @Field(() => Int) beds: number;
  @Field(() => Int) termMonths: number;
  @Field(() => ID, { nullable: true, description: 'The block contract awarded for this lot' }) contractId:
    string | null;
}

@ObjectType()
export class TenderTransition {
  @Field() from: string;
  @Field() to: string;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field() at: Date;
}

@ObjectType({ description: 'A joint tender run by the hub for member councils.' })
@Directive('@key(fields: "id")')
export class Tender {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field() description: string;
  @Field({ description: 'draft, published, open, evaluation, awarded or abandoned' }) status: string;
  @Field(() => Int, { description: 'Weight of price in evaluation, percent' }) priceWeight: number;
  @Field(() => Int, { description: 'Weight of quality in evaluation, percent' }) qualityWeight: number;
  @Field(() => [String]) qualityQuestions: string[];
  @Field(() => String, { nullable: true }) publishOn: string | null;
  @Field(() => String, { nullable: true }) bidsCloseOn: string | null;
  @Field(() => String, { nullable: true }) awardBy: string | null;
  @Field(() => String, { nullable: true, description: 'The day the tender was awarded' }) awardedOn: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'After award: the day the standstill ends (until then the award may be challenged)',
  })
  standstillEndsOn: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Why bids can no longer be made, amended or withdrawn (null while they can)',
  })
  biddingClosedReason: string | null;
  @Field({ description: 'How its contracts’ void beds are paid for: pooled-by-share or own-beds' })
  voidSharing: string;
  @Field(() => [TenderLot]) lots: TenderLot[];
  @Field(() => [TenderCouncil]) councils: TenderCouncil[];
  @Field(() => [TenderTransition]) history: TenderTransition[];
  @Field() createdAt: Date;
}
