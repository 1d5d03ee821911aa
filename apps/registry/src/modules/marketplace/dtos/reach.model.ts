import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsString, IsUUID, Max, Min } from 'class-validator';
import { WIDEN_TYPES } from '../widen.js';
import { SharedProfile } from './marketplace.model.js';

@ObjectType({ description: 'Settings of one type at one distance band that were sent a referral (never which ones).' })
export class ReachGroup {
  @Field() settingType: string;
  @Field({ description: 'near, mid or far from the child’s preferred areas (postcode hierarchy)' }) distance: string;
  @Field(() => Int) asked: number;
  @Field(() => Int) answered: number;
}

@ObjectType({ description: 'Settings not sent the referral, counted by the first rule they failed.' })
export class NotMatchedCount {
  @Field({
    description: 'not-registered, type, age, sex, needs, no-vacancy, distance or framework',
  })
  reason: string;
  @Field(() => Int) settings: number;
}

@ObjectType({
  description: 'A setting that has answered the referral, as the council compares it (named once it answered).',
})
export class AnsweredSetting {
  @Field() settingUrn: string;
  @Field({ description: 'The home’s name on the Ofsted register.' }) name: string;
  @Field(() => String, { nullable: true }) ofstedGrade: string | null;
  @Field(() => String, { nullable: true, description: 'Why there is no grade, in the register’s words.' })
  ofstedGradeNote: string | null;
  @Field(() => String, { nullable: true, description: 'Day of the latest full inspection (YYYY-MM-DD), when known.' })
  ofstedInspectedOn: string | null;
  @Field({ description: 'near, mid or far from the child’s preferred areas' }) distance: string;
  @Field(() => String, { nullable: true }) postcodeDistrict: string | null;
  @Field(() => String, { nullable: true, description: 'The provider’s own words, for a decline for another reason.' })
  declineNote: string | null;
}

@ObjectType({
  description:
    'How far a council’s referral reached: counts by setting type and distance, its response window, and why other settings were not sent it. No provider is named before it answers.',
})
export class ReferralReach {
  @Field(() => ID) referralId: string;
  @Field({ description: 'open, placed, withdrawn or unmet' }) status: string;
  @Field() openedAt: Date;
  @Field({ description: 'When the response window closes.' }) respondBy: Date;
  @Field() windowExtended: boolean;
  @Field(() => Int) asked: number;
  @Field(() => Int, { description: 'Providers the asked settings belong to.' }) providers: number;
  @Field(() => Int) answered: number;
  @Field(() => Date, { nullable: true, description: 'When a setting was last sent it (matching re-runs).' })
  lastSentAt: Date | null;
  @Field(() => [ReachGroup]) groups: ReachGroup[];
  @Field(() => [NotMatchedCount]) notMatched: NotMatchedCount[];
  @Field(() => [AnsweredSetting], { description: 'The settings that have answered (offer or decline).' })
  answeredSettings: AnsweredSetting[];
  @Field(() => SharedProfile, { description: 'What providers are shown of this referral.' }) shared: SharedProfile;
  @Field(() => Date, { nullable: true, description: 'When the council last widened it.' }) widenedAt: Date | null;
}

@InputType({ description: 'Give providers longer to answer an open referral.' })
export class ExtendReferralWindowInput {
  @Field(() => ID) @IsUUID(4, { message: 'referralId must be a referral id' }) referralId: string;
  @Field(() => Int, { description: 'Hours to add, 1 to 336 (two weeks).' })
  @IsInt()
  @Min(1, { message: 'Add at least 1 hour' })
  @Max(336, { message: 'Add at most 336 hours (two weeks)' })
  hours: number;
}

@InputType({
  description: 'Send an open referral to more homes: further away and/or more kinds of home (never fewer).',
})
export class WidenReferralInput {
  @Field(() => ID) @IsUUID(4, { message: 'referralId must be a referral id' }) referralId: string;
  @Field({ description: 'Homes at any distance: drops close-to-family and stay-at-school.', defaultValue: false })
  @IsBoolean()
  anyDistance: boolean;
  @Field(() => [String], { description: WIDEN_TYPES.join(', '), defaultValue: [] })
  @ArrayMaxSize(3)
  @IsString({ each: true })
  @IsIn(WIDEN_TYPES, { each: true, message: `Kinds of home must be ${WIDEN_TYPES.join(', ')}` })
  addTypes: string[];
}
