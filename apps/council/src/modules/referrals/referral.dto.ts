import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import {
  ABOUT_CHILD_MAX,
  ADULT_CHILD_RATIOS,
  MAX_WEEKLY_PENCE,
  NEED_FLAGS,
  PLACEMENT_CATEGORIES,
  POSTCODE_SECTOR_PATTERN,
  PURCHASE_ROUTES,
  REFERRAL_KINDS,
  RISKS_TO_CHILD,
  RISKS_TO_OTHERS,
  SUITABILITY,
  SUPPORT_NEEDS,
  type NeedFlag,
  type PlacementCategory,
} from '@rcc/contracts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const list = (values: readonly string[]) => values.join(', ');

/** How a placement is bought: one of the purchase routes. */
const RouteField = (): PropertyDecorator =>
  applyDecorators(
    Field(() => String, { description: list(PURCHASE_ROUTES) }),
    IsIn(PURCHASE_ROUTES),
  );

/** The block contract a placement's bed is in: required (by the service) when the route is block. */
const ContractIdField = (): PropertyDecorator =>
  applyDecorators(
    Field(() => ID, {
      nullable: true,
      description: 'The block contract whose bed this is (required when route is block).',
    }),
    IsOptional(),
    IsUUID(),
  );

@InputType()
export class RiskInput {
  @Field(() => String, { description: list(RISKS_TO_CHILD) })
  @IsIn(RISKS_TO_CHILD)
  risk: (typeof RISKS_TO_CHILD)[number];
  @Field(() => String, { description: 'low or high' }) @IsIn(['low', 'high']) level: 'low' | 'high';
}

@InputType()
export class SuitabilityInput {
  @Field(() => String, { description: list(SUITABILITY) }) @IsIn(SUITABILITY) fostering: (typeof SUITABILITY)[number];
  @Field(() => String, { description: list(SUITABILITY) }) @IsIn(SUITABILITY) residential: (typeof SUITABILITY)[number];
  @Field(() => String, { description: list(SUITABILITY) }) @IsIn(SUITABILITY) supported: (typeof SUITABILITY)[number];
}

@InputType({ description: "A needs-led home search for a child in this council's records." })
export class OpenReferralInput {
  @Field() @MaxLength(20) childId: string;
  @Field(() => String, { description: list(REFERRAL_KINDS) })
  @IsIn(REFERRAL_KINDS)
  kind: (typeof REFERRAL_KINDS)[number];
  @Field({ description: 'Latest start date, YYYY-MM-DD.' })
  @Matches(DATE, { message: 'startBy must be YYYY-MM-DD' })
  startBy: string;
  @Field(() => Int, { description: 'Siblings to place together.' }) @IsInt() @Min(0) @Max(10) siblings: number;
  @Field(() => [String], { description: 'Postcode sectors (family, school, preferred area), e.g. ST4 2.' })
  @ArrayMaxSize(6)
  @Matches(POSTCODE_SECTOR_PATTERN, {
    each: true,
    message: 'localities must be postcode sectors such as ST4 2, never full postcodes',
  })
  localities: string[];
  @Field() @IsBoolean() closeToFamily: boolean;
  @Field() @IsBoolean() mustStayAtSchool: boolean;
  @Field(() => SuitabilityInput) @ValidateNested() @Type(() => SuitabilityInput) suitability: SuitabilityInput;
  @Field(() => String, { description: list(ADULT_CHILD_RATIOS) })
  @IsIn(ADULT_CHILD_RATIOS)
  ratio: (typeof ADULT_CHILD_RATIOS)[number];
  @Field(() => [RiskInput])
  @ValidateNested({ each: true })
  @Type(() => RiskInput)
  @ArrayMaxSize(6)
  risksToChild: RiskInput[];
  @Field(() => [String], { description: list(RISKS_TO_OTHERS) })
  @IsIn(RISKS_TO_OTHERS, { each: true })
  risksToOthers: string[];
  @Field(() => [String], { description: list(SUPPORT_NEEDS) }) @IsIn(SUPPORT_NEEDS, { each: true }) support: string[];
  @Field(() => [String], {
    defaultValue: [],
    description: `Need-specific registrations the home must hold (Ofsted's categories): ${list(NEED_FLAGS)}.`,
  })
  @IsIn(NEED_FLAGS, { each: true })
  @ArrayMaxSize(NEED_FLAGS.length)
  needs: NeedFlag[];
  @Field({
    defaultValue: '',
    description: `What homes should know about the child, in the officer's words (up to ${ABOUT_CHILD_MAX} characters). Sent to the homes the referral reaches: refused if it names or dates the child.`,
  })
  @IsString()
  @MaxLength(ABOUT_CHILD_MAX, {
    message: `What homes should know about the child must be ${ABOUT_CHILD_MAX} characters or fewer`,
  })
  aboutChild: string;
}

@InputType({
  description: 'Change an open referral (no offer accepted): the text for homes, latest start and registration needs.',
})
export class ChangeReferralInput {
  @Field(() => ID) @IsUUID(4) referralId: string;
  @Field({ description: 'What homes should know about the child; the whole text as it is to read now.' })
  @IsString()
  @MaxLength(ABOUT_CHILD_MAX, {
    message: `What homes should know about the child must be ${ABOUT_CHILD_MAX} characters or fewer`,
  })
  aboutChild: string;
  @Field({ description: 'Latest start date, YYYY-MM-DD.' })
  @Matches(DATE, { message: 'startBy must be YYYY-MM-DD' })
  startBy: string;
  @Field(() => [String], { description: `Need-specific registrations the home must hold: ${list(NEED_FLAGS)}.` })
  @IsIn(NEED_FLAGS, { each: true })
  @ArrayMaxSize(NEED_FLAGS.length)
  needs: NeedFlag[];
  @Field(() => Int, { nullable: true, description: 'Hours to give homes longer to answer, 1 to 336 (two weeks).' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'Give homes at least 1 hour more' })
  @Max(336, { message: 'Give homes at most 336 hours (two weeks) more' })
  extendHours?: number;
}

@InputType()
export class RecordPlacementInput {
  @Field(() => ID) @IsUUID(4) referralId: string;
  @Field({ description: 'Ofsted URN of the setting, e.g. SC999999.' }) @Matches(/^[A-Z0-9]{1,10}$/) settingUrn: string;
  @Field(() => Int, { description: 'Agreed weekly cost excluding VAT, in pence.' })
  @IsInt()
  @Min(0)
  @Max(MAX_WEEKLY_PENCE, { message: `weeklyCostPence must be at most ${MAX_WEEKLY_PENCE} (£1,000,000 a week)` })
  weeklyCostPence: number;
  @RouteField() route: (typeof PURCHASE_ROUTES)[number];
  @Field() @Matches(DATE, { message: 'startDate must be YYYY-MM-DD' }) startDate: string;
  @ContractIdField() contractId?: string;
  @Field(() => String, {
    nullable: true,
    description: `${list(PLACEMENT_CATEGORIES)}; if omitted, the single setting kind the referral marked preferred.`,
  })
  @IsOptional()
  @IsIn(PLACEMENT_CATEGORIES)
  placementCategory?: PlacementCategory;
}

@InputType({
  description: "Accept a provider's offer: the placement is recorded at the offered setting, price and date.",
})
export class AcceptOfferInput {
  @Field(() => ID) @IsUUID() responseId: string;
  @RouteField() route: (typeof PURCHASE_ROUTES)[number];
  @ContractIdField() contractId?: string;
}

@InputType({ description: 'The child left the placement; the last night there is the night before endDate.' })
export class EndPlacementInput {
  @Field(() => ID) @IsUUID(4) referralId: string;
  @Field() @Matches(DATE, { message: 'endDate must be YYYY-MM-DD' }) endDate: string;
}

@InputType()
export class CloseUnmetInput {
  @Field(() => ID) @IsUUID(4) referralId: string;
  @Field(() => [String], { description: 'Why no offer was acceptable: short codes such as no-capacity, too-far.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @Matches(/^[a-z0-9-]{2,40}$/, { each: true, message: 'reasons are short codes such as no-capacity' })
  reasons: string[];
}

export const WITHDRAW_REASONS = ['home-found-elsewhere', 'returned-home', 'plan-changed', 'opened-in-error'] as const;

@InputType({ description: 'Stop a home search the child no longer needs.' })
export class WithdrawReferralInput {
  @Field(() => ID) @IsUUID(4) referralId: string;
  @Field(() => String, { description: WITHDRAW_REASONS.join(', ') })
  @IsIn(WITHDRAW_REASONS, { message: `reason must be one of ${WITHDRAW_REASONS.join(', ')}` })
  reason: (typeof WITHDRAW_REASONS)[number];
}

@ObjectType()
export class PlacementRecord {
  @Field(() => ID) placementId: string;
  @Field() settingUrn: string;
  @Field(() => Int) weeklyCostPence: number;
  @Field() route: string;
  @Field() placementCategory: string;
  @Field(() => ID, { nullable: true }) contractId: string | null;
  @Field() startDate: string;
  @Field(() => String, { nullable: true }) endDate: string | null;
}

@ObjectType({ description: "A provider's answer to this council's referral, from the regional marketplace." })
export class ReferralResponse {
  @Field(() => ID) responseId: string;
  @Field() providerName: string;
  @Field() settingUrn: string;
  @Field() settingType: string;
  @Field({ description: 'offer or decline' }) response: string;
  @Field(() => Int, { nullable: true, description: 'Offered weekly price excluding VAT, in pence.' })
  weeklyPricePence: number | null;
  @Field(() => String, { nullable: true }) startDate: string | null;
  @Field(() => String, { nullable: true }) declineReason: string | null;
  @Field({ description: 'The setting is suspended or unregistered: check before accepting.' })
  registrationFlag: boolean;
  @Field() respondedAt: string;
}

@ObjectType({ description: "A referral in this council's records (child-level: this council's users only)." })
export class Referral {
  @Field(() => ID) id: string;
  @Field() childId: string;
  @Field() kind: string;
  @Field() startBy: string;
  @Field(() => Int) siblings: number;
  @Field() status: string;
  @Field(() => [String]) localities: string[];
  @Field(() => [String]) closedReasons: string[];
  @Field(() => [String]) needs: string[];
  @Field({ description: 'What homes are told about the child, as sent to them (empty if nothing).' })
  aboutChild: string;
  @Field(() => String, { nullable: true, description: 'When the officer last changed its details (ISO instant).' })
  changedAt: string | null;
  @Field(() => PlacementRecord, { nullable: true }) placement: PlacementRecord | null;
  @Field(() => [ReferralResponse], { description: 'Offers and declines received, newest first.' })
  responses: ReferralResponse[];
}

@ObjectType({
  description: "A child as this council's latest return has it, in words, to check before referring (child-level).",
})
export class ReferralChild {
  @Field(() => ID) childId: string;
  @Field(() => Int, { description: 'Age in years today.' }) ageYears: number;
  @Field() sex: string;
  @Field({ description: 'The current placement type (PLACE), in words.' }) placementType: string;
  @Field({ description: 'The current legal status (LS), in words.' }) legalStatus: string;
}
