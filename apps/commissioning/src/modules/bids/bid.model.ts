import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Pence } from '../../platform/pence.scalar.js';

@ObjectType({ description: 'A provider, owned by the registry (stub: the registry resolves its fields).' })
@Directive('@key(fields: "id", resolvable: false)')
export class Provider {
  @Field(() => ID) id: string;
}

@ObjectType({ description: 'A setting, owned by the registry (stub: the registry resolves its name and details).' })
@Directive('@key(fields: "urn", resolvable: false)')
export class Setting {
  @Field(() => ID) urn: string;
}

@ObjectType()
export class QualityAnswer {
  @Field(() => Int) question: number;
  @Field() answer: string;
}

@ObjectType({ description: 'A provider’s bid for a lot. Providers see only their own; the hub sees all.' })
export class Bid {
  @Field(() => ID) id: string;
  @Field(() => ID) tenderId: string;
  @Field(() => ID) lotId: string;
  @Field(() => Provider) provider: Provider;
  @Field(() => [String]) settingUrns: string[];
  @Field(() => [Setting], { nullable: 'items', description: 'The homes the beds are in' })
  settings: Setting[];
  @Field(() => Int) beds: number;
  @Field(() => Pence) weeklyPricePerBedPence: number;
  @Field() startDate: string;
  @Field(() => [QualityAnswer]) qualityAnswers: QualityAnswer[];
  @Field(() => Int, { nullable: true, description: 'The moderated quality total, 0-100' }) qualityScore: number | null;
  @Field(() => [Int], { nullable: true, description: 'The panel’s score for each quality question, 0-100' })
  questionScores: number[] | null;
  @Field(() => String, { nullable: true, description: 'Why the moderated total differs from the average' })
  moderationNote: string | null;
  @Field() submittedAt: Date;
  @Field(() => Date, { nullable: true }) amendedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'Withdrawn bids are not evaluated' }) withdrawnAt: Date | null;
  @Field(() => String, { nullable: true, description: 'After award: successful or unsuccessful' })
  outcome: string | null;
  @Field(() => String, { nullable: true, description: 'After award: the outcome notice, in plain words' })
  outcomeNotice: string | null;
}

@ObjectType({ description: 'A bid’s place in its lot’s ranking, with the arithmetic behind it.' })
export class RankedBid {
  @Field(() => Int) rank: number;
  @Field(() => Bid) bid: Bid;
  @Field(() => Int, { description: 'Price score in basis points (10000 = lowest price)' }) priceScoreBp: number;
  @Field(() => Int, { description: 'Quality score in basis points' }) qualityScoreBp: number;
  @Field(() => Int, { description: 'Weighted total in basis points' }) totalBp: number;
  @Field() explanation: string;
}

@ObjectType()
export class LotEvaluation {
  @Field(() => ID) lotId: string;
  @Field() lotTitle: string;
  @Field({ description: 'True when every bid has a quality score' }) complete: boolean;
  @Field(() => [RankedBid]) ranking: RankedBid[];
}
