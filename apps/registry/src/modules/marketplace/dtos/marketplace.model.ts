import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { DECLINE_REASONS, MAX_WEEKLY_PENCE, type DeclineReason, URN_PATTERN, ISO_DATE_PATTERN } from '@rcc/contracts';
import { Setting } from '../../settings/setting.model.js';

@ObjectType()
export class ReferralRisk {
  @Field() risk: string;
  @Field() level: string;
}

@ObjectType()
export class ReferralSuitability {
  @Field() fostering: string;
  @Field() residential: string;
  @Field() supported: string;
}

@ObjectType({ description: "A provider's answer to a referral for one of its settings (as the provider sees it)." })
export class MarketResponse {
  @Field(() => ID) id: string;
  @Field(() => ID) referralId: string;
  @Field() settingUrn: string;
  @Field({ description: 'offer or decline' }) response: string;
  @Field(() => Int, { nullable: true, description: 'Weekly price excluding VAT, in pence.' })
  weeklyPricePence: number | null;
  @Field(() => String, { nullable: true }) startDate: string | null;
  @Field(() => String, { nullable: true, description: DECLINE_REASONS.join(', ') }) declineReason: string | null;
  @Field(() => String, { nullable: true, description: 'The provider’s own words, for a decline for another reason.' })
  declineNote: string | null;
  @Field({ description: 'The setting was not currently registered when it answered.' }) registrationFlag: boolean;
  @Field() respondedAt: Date;
}

@ObjectType({ description: 'One of the caller’s settings that this referral was sent to.' })
export class ReferralMatch {
  @Field() settingUrn: string;
  @Field(() => Setting) setting?: Setting;
  @Field({ description: 'near (same postcode district as a preferred sector), mid (same area) or far' })
  distance: string;
  @Field() onFramework: boolean;
  @Field(() => MarketResponse, { nullable: true }) response: MarketResponse | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Once the referral is closed: selected (this setting was chosen), not-selected, withdrawn or unmet; null while open.',
  })
  outcome: string | null;
}

@ObjectType({
  description:
    'The needs profile exactly as providers read it (after any widening): what the council shared, never who the child is.',
})
export class SharedProfile {
  @Field() kind: string;
  @Field() startBy: string;
  @Field({ description: 'under-1, 1-4, 5-9, 10-15 or 16-plus' }) ageBand: string;
  @Field() sex: string;
  @Field(() => Int) siblings: number;
  @Field(() => [String], { description: 'Postcode sectors.' }) localities: string[];
  @Field() closeToFamily: boolean;
  @Field() mustStayAtSchool: boolean;
  @Field(() => ReferralSuitability) suitability: ReferralSuitability;
  @Field() ratio: string;
  @Field(() => [ReferralRisk]) risksToChild: ReferralRisk[];
  @Field(() => [String]) risksToOthers: string[];
  @Field(() => [String]) support: string[];
  @Field(() => [String]) needs: string[];
  @Field({ description: 'What the council says homes should know about the child, in its words (empty if nothing).' })
  aboutChild: string;
}

@ObjectType({
  description:
    'A referral as a provider sees it: the anonymised needs profile only (no council data, no child identifiers) and its own settings that were sent it.',
})
export class MarketReferral extends SharedProfile {
  @Field(() => ID) id: string;
  @Field({ description: 'open, placed, withdrawn or unmet' }) status: string;
  @Field() openedAt: Date;
  @Field({ description: 'After this, a referral with no offer is reported as unmet need.' }) respondBy: Date;
  @Field(() => Date, { nullable: true, description: 'When the council last changed its details after opening it.' })
  changedAt: Date | null;
  @Field(() => [ReferralMatch]) matches: ReferralMatch[];
  @Field(() => String, {
    nullable: true,
    description: 'The council that placed the child, by name: only when one of your settings was selected.',
  })
  selectedBy: string | null;
}

@InputType({ description: 'An offer (price in pence and start date) or a decline with a reason code.' })
export class RespondToReferralInput {
  @Field(() => ID) @IsUUID(4) referralId: string;
  @Field() @Matches(URN_PATTERN, { message: 'settingUrn must be an Ofsted URN' }) settingUrn: string;
  @Field({ description: 'offer or decline' }) @IsIn(['offer', 'decline']) response: 'offer' | 'decline';
  @Field(() => Int, { nullable: true, description: 'Weekly price excluding VAT, in pence (offers).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_WEEKLY_PENCE)
  weeklyPricePence?: number;
  @Field({ nullable: true, description: 'YYYY-MM-DD (offers).' })
  @IsOptional()
  @Matches(ISO_DATE_PATTERN, { message: 'startDate must be YYYY-MM-DD' })
  startDate?: string;
  @Field({ nullable: true, description: DECLINE_REASONS.join(', ') })
  @IsOptional()
  @IsIn(DECLINE_REASONS)
  declineReason?: DeclineReason;
  @Field({
    nullable: true,
    description: 'Required for a decline for another reason ("other"), 500 characters at most.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'The reason must be 500 characters or fewer' })
  declineNote?: string;
}
