import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import {
  ADULT_CHILD_RATIOS,
  POSTCODE_SECTOR_PATTERN,
  PURCHASE_ROUTES,
  REFERRAL_KINDS,
  RISKS_TO_CHILD,
  RISKS_TO_OTHERS,
  SUITABILITY,
  SUPPORT_NEEDS,
} from '@rcc/contracts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const list = (values: readonly string[]) => values.join(', ');

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
}

@InputType()
export class RecordPlacementInput {
  @Field(() => ID) @IsUUID(4) referralId: string;
  @Field({ description: 'Ofsted URN of the setting, e.g. SC999999.' }) @Matches(/^[A-Z0-9]{1,10}$/) settingUrn: string;
  @Field(() => Int, { description: 'Agreed weekly cost excluding VAT, in pence.' })
  @IsInt()
  @Min(0)
  weeklyCostPence: number;
  @Field(() => String, { description: list(PURCHASE_ROUTES) })
  @IsIn(PURCHASE_ROUTES)
  route: (typeof PURCHASE_ROUTES)[number];
  @Field() @Matches(DATE, { message: 'startDate must be YYYY-MM-DD' }) startDate: string;
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

@ObjectType()
export class PlacementRecord {
  @Field() settingUrn: string;
  @Field(() => Int) weeklyCostPence: number;
  @Field() route: string;
  @Field() startDate: string;
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
  @Field(() => PlacementRecord, { nullable: true }) placement: PlacementRecord | null;
}
