import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsISO8601, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { IsIntIn } from '../../validators.js';
import type { EventDefinition } from '../../envelope.js';
import { TOPICS } from '../../topics.js';
import { AGE_BANDS, COUNCIL_CODE_PATTERN, type AgeBand } from '../../vocabulary.js';

/** Referral vocabulary (DOMAIN.md "The referral record"): values that may cross a council boundary. */
export const REFERRAL_KINDS = ['planned', 'emergency'] as const;
export const SUITABILITY = ['preferred', 'suitable', 'unsuitable', 'not-specified'] as const;
export const ADULT_CHILD_RATIOS = ['standard', '1:1', '2:1', 'more-than-2:1'] as const;
export const RISKS_TO_CHILD = [
  'self-harm',
  'sexual-exploitation',
  'criminal-exploitation',
  'drugs-alcohol',
  'eating-disorder',
  'going-missing',
] as const;
export const RISKS_TO_OTHERS = [
  'physical-harm',
  'sexual-harm',
  'fire-setting',
  'harm-to-animals',
  'criminal-exploitation',
] as const;
export const SUPPORT_NEEDS = [
  'extra-supervision',
  'therapeutic-support',
  'respite-worker',
  'school-transport',
] as const;
export const PURCHASE_ROUTES = ['block', 'framework-call-off', 'dps', 'spot', 'in-house'] as const;
export type PurchaseRoute = (typeof PURCHASE_ROUTES)[number];
export const REFERRAL_SEX = ['male', 'female', 'unknown'] as const;
/** A postcode sector ("ST4 2"): the finest locality that may leave a council. Never a full postcode. */
export const POSTCODE_SECTOR_PATTERN = /^[A-Z]{1,2}\d[A-Z\d]? \d$/;

export class RiskV1 {
  @IsIn(RISKS_TO_CHILD)
  risk: (typeof RISKS_TO_CHILD)[number];

  @IsIn(['low', 'high'])
  level: 'low' | 'high';
}

export class SuitabilityV1 {
  @IsIn(SUITABILITY) fostering: (typeof SUITABILITY)[number];
  @IsIn(SUITABILITY) residential: (typeof SUITABILITY)[number];
  @IsIn(SUITABILITY) supported: (typeof SUITABILITY)[number];
}

/**
 * A council opened a needs-led home search. Anonymised: an id made for the referral, age band, sex, needs and
 * sector-level localities; no child id, name, date of birth or full postcode can be expressed in this shape.
 */
export class ReferralOpenedV1 {
  @IsUUID(4) referralId: string;

  @Matches(COUNCIL_CODE_PATTERN, { message: 'councilCode must be an ONS council code' })
  councilCode: string;

  @IsIn(REFERRAL_KINDS) kind: (typeof REFERRAL_KINDS)[number];

  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  startBy: string;

  @IsIn(AGE_BANDS) ageBand: AgeBand;
  @IsIn(REFERRAL_SEX) sex: (typeof REFERRAL_SEX)[number];

  @IsIntIn(0, 10) siblings: number;

  @ArrayMaxSize(6)
  @Matches(POSTCODE_SECTOR_PATTERN, { each: true, message: 'localities must be postcode sectors such as ST4 2' })
  localities: string[];

  @IsBoolean() closeToFamily: boolean;
  @IsBoolean() mustStayAtSchool: boolean;

  @ValidateNested() @Type(() => SuitabilityV1) suitability: SuitabilityV1;
  @IsIn(ADULT_CHILD_RATIOS) ratio: (typeof ADULT_CHILD_RATIOS)[number];

  @ValidateNested({ each: true }) @Type(() => RiskV1) @ArrayMaxSize(RISKS_TO_CHILD.length) risksToChild: RiskV1[];
  @IsIn(RISKS_TO_OTHERS, { each: true }) @ArrayMaxSize(RISKS_TO_OTHERS.length) risksToOthers: string[];
  @IsIn(SUPPORT_NEEDS, { each: true }) @ArrayMaxSize(SUPPORT_NEEDS.length) support: string[];
}

export const ReferralOpenedV1Event: EventDefinition<ReferralOpenedV1> = {
  type: 'council.referral-opened',
  version: 1,
  topic: TOPICS.councilReferral,
  payload: ReferralOpenedV1,
  rules: (p) =>
    new Set(p.risksToChild.map((r) => r.risk)).size === p.risksToChild.length
      ? []
      : ['risksToChild: a risk is listed twice'],
};

/** A referral ended: placed (with how it was bought and the agreed weekly cost) or unmet (the market-gap signal). */
export class ReferralClosedV1 {
  @IsUUID(4) referralId: string;

  @Matches(COUNCIL_CODE_PATTERN, { message: 'councilCode must be an ONS council code' })
  councilCode: string;

  @IsIn(['placed', 'unmet', 'withdrawn']) outcome: 'placed' | 'unmet' | 'withdrawn';

  @IsOptional() @IsIn(PURCHASE_ROUTES) route?: (typeof PURCHASE_ROUTES)[number];

  /** Agreed weekly cost excluding VAT, in pence. */
  @IsOptional() @IsIntIn(0, 100_000_000) weeklyCostPence?: number;

  @IsOptional() @Matches(/^[A-Z0-9]{1,10}$/) settingUrn?: string;

  @ArrayMaxSize(10)
  @Matches(/^[a-z0-9-]{2,40}$/, { each: true, message: 'reasons are short codes such as no-capacity' })
  reasons: string[];
}

export const ReferralClosedV1Event: EventDefinition<ReferralClosedV1> = {
  type: 'council.referral-closed',
  version: 1,
  topic: TOPICS.councilReferral,
  payload: ReferralClosedV1,
  rules: (p) => {
    const problems: string[] = [];
    if (
      p.outcome === 'placed' &&
      (p.route === undefined || p.weeklyCostPence === undefined || p.settingUrn === undefined)
    ) {
      problems.push('a placed referral needs route, weeklyCostPence and settingUrn');
    }
    if (p.outcome === 'unmet' && p.reasons.length === 0) problems.push('an unmet referral needs at least one reason');
    return problems;
  },
};
