import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsIntIn, IsIsoDate, IsWeeklyPence } from '../../validators.js';
import type { EventDefinition } from '../../envelope.js';
import { TOPICS } from '../../topics.js';
import {
  AGE_BANDS,
  COUNCIL_CODE_PATTERN,
  DECLINE_REASONS,
  NEED_FLAGS,
  PLACEMENT_CATEGORIES,
  POSTCODE_DISTRICT_PATTERN,
  SETTING_TYPES,
  type AgeBand,
  type DeclineReason,
  type NeedFlag,
  type PlacementCategory,
  type SettingType,
  URN_PATTERN,
} from '../../vocabulary.js';
import {
  ADULT_CHILD_RATIOS,
  POSTCODE_SECTOR_PATTERN,
  REFERRAL_KINDS,
  REFERRAL_SEX,
  RISKS_TO_CHILD,
  RISKS_TO_OTHERS,
  SUPPORT_NEEDS,
  SuitabilityV1,
} from '../referral/referral.v1.js';

export const REGISTRATION_STATUSES = ['registered', 'suspended', 'closed', 'unregistered'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** A setting appeared in, changed in or left the registry (recognised by URN across provider-list imports). */
export class SettingChangedV1 {
  @Matches(URN_PATTERN) urn: string;
  @IsUUID() providerId: string;
  @IsIn(['new', 'changed', 'closed']) change: 'new' | 'changed' | 'closed';
  @IsIn(SETTING_TYPES) settingType: SettingType;
  @IsIn(PLACEMENT_CATEGORIES) placementCategory: PlacementCategory;
  @IsIn(REGISTRATION_STATUSES) registrationStatus: RegistrationStatus;
  @IsOptional() @Matches(COUNCIL_CODE_PATTERN) localAuthorityCode?: string;
  @IsOptional() @Matches(POSTCODE_DISTRICT_PATTERN) postcodeDistrict?: string;
  @IsIntIn(0, 10_000) registeredPlaces: number;
  /** Which registry fields changed (empty for new and closed). */
  @ArrayMaxSize(40) @IsString({ each: true }) changedFields: string[];
}

export const SettingChangedV1Event: EventDefinition<SettingChangedV1> = {
  type: 'registry.setting-changed',
  version: 1,
  topic: TOPICS.registrySetting,
  payload: SettingChangedV1,
};

/**
 * A setting's usable capacity as its provider declared it: dated, with what needs it can meet and until when. A
 * declaration that has gone stale is re-published with vacancies 0 and reason `expired`; registered places are never
 * counted as supply.
 */
export class CapacityChangedV1 {
  @Matches(URN_PATTERN) urn: string;
  @IsUUID() providerId: string;
  @IsIn(SETTING_TYPES) settingType: SettingType;
  @IsIn(PLACEMENT_CATEGORIES) placementCategory: PlacementCategory;
  @IsOptional() @Matches(COUNCIL_CODE_PATTERN) localAuthorityCode?: string;
  @IsOptional() @Matches(POSTCODE_DISTRICT_PATTERN) postcodeDistrict?: string;
  @IsIntIn(0, 1_000) vacancies: number;
  @IsIn(AGE_BANDS, { each: true }) @ArrayMaxSize(AGE_BANDS.length) ageBands: AgeBand[];
  @IsIn(NEED_FLAGS, { each: true }) @ArrayMaxSize(NEED_FLAGS.length) canMeet: NeedFlag[];
  @IsISO8601({ strict: true }) declaredAt: string;
  @IsIsoDate() availableUntil: string;
  /** `placed`: a placement took places from the declaration; `vacancies` is what is left of it. */
  @IsIn(['declared', 'withdrawn', 'expired', 'placed']) reason: 'declared' | 'withdrawn' | 'expired' | 'placed';
}

export const CapacityChangedV1Event: EventDefinition<CapacityChangedV1> = {
  type: 'registry.capacity-changed',
  version: 1,
  topic: TOPICS.registryCapacity,
  payload: CapacityChangedV1,
};

/**
 * A provider's answer to a referral, sent to the council that raised it and to no other (docs/adr/0012): an offer
 * (setting, weekly price in pence, start date) or a decline with a reason code.
 */
export class ReferralResponseV1 {
  @IsUUID() responseId: string;
  @IsUUID(4) referralId: string;
  @Matches(COUNCIL_CODE_PATTERN) councilCode: string;
  @IsUUID() providerId: string;
  @IsString() @MaxLength(200) providerName: string;
  @Matches(URN_PATTERN) settingUrn: string;
  @IsIn(SETTING_TYPES) settingType: SettingType;
  @IsIn(['offer', 'decline']) response: 'offer' | 'decline';
  @IsOptional() @IsWeeklyPence() weeklyPricePence?: number;
  @IsOptional() @IsIsoDate() startDate?: string;
  @IsOptional() @IsIn(DECLINE_REASONS) declineReason?: DeclineReason;
  /** The setting's registration is not current (suspended or unregistered): flagged wherever it appears. */
  @IsBoolean() registrationFlag: boolean;
  @IsISO8601({ strict: true }) respondedAt: string;
}

export const ReferralResponseV1Event: EventDefinition<ReferralResponseV1> = {
  type: 'registry.referral-response',
  version: 1,
  topic: TOPICS.registryReferralResponse,
  payload: ReferralResponseV1,
  rules: (p) => {
    if (p.response === 'offer') {
      return p.weeklyPricePence === undefined || p.startDate === undefined || p.declineReason !== undefined
        ? ['an offer carries weeklyPricePence and startDate and no declineReason']
        : [];
    }
    return p.declineReason === undefined || p.weeklyPricePence !== undefined
      ? ['a decline carries a declineReason and no price']
      : [];
  },
};

export class DeclineCountV1 {
  @IsIn(DECLINE_REASONS) reason: DeclineReason;
  @IsIntIn(1, 10_000) count: number;
}

/**
 * Unmet need, the market-gap signal: a referral with no offer within the window, or closed unmet by its council.
 * Carries the anonymised needs profile (as in the referral event) and why providers declined.
 */
export class UnmetNeedV1 {
  @IsUUID(4) referralId: string;
  @Matches(COUNCIL_CODE_PATTERN) councilCode: string;
  @IsIn(['no-offer-in-window', 'closed-unmet']) trigger: 'no-offer-in-window' | 'closed-unmet';
  @IsIn(REFERRAL_KINDS) kind: (typeof REFERRAL_KINDS)[number];
  @IsIn(AGE_BANDS) ageBand: AgeBand;
  @IsIn(REFERRAL_SEX) sex: (typeof REFERRAL_SEX)[number];
  @IsIntIn(0, 10) siblings: number;
  @ArrayMaxSize(6) @Matches(POSTCODE_SECTOR_PATTERN, { each: true }) localities: string[];
  @ValidateNested() @Type(() => SuitabilityV1) suitability: SuitabilityV1;
  @IsIn(ADULT_CHILD_RATIOS) ratio: (typeof ADULT_CHILD_RATIOS)[number];
  @IsIn(RISKS_TO_CHILD, { each: true }) @ArrayMaxSize(RISKS_TO_CHILD.length) risksToChild: string[];
  @IsIn(RISKS_TO_OTHERS, { each: true }) @ArrayMaxSize(RISKS_TO_OTHERS.length) risksToOthers: string[];
  @IsIn(SUPPORT_NEEDS, { each: true }) @ArrayMaxSize(SUPPORT_NEEDS.length) support: string[];
  @IsIn(NEED_FLAGS, { each: true }) @ArrayMaxSize(NEED_FLAGS.length) needs: NeedFlag[];
  @IsIntIn(0) eligibleSettings: number;
  @IsIntIn(0) notifiedProviders: number;
  @ValidateNested({ each: true })
  @Type(() => DeclineCountV1)
  @ArrayMaxSize(DECLINE_REASONS.length)
  declines: DeclineCountV1[];
  /** The council's own reasons when it closed the referral unmet. */
  @ArrayMaxSize(10) @Matches(/^[a-z0-9-]{2,40}$/, { each: true }) councilReasons: string[];
}

export const UnmetNeedV1Event: EventDefinition<UnmetNeedV1> = {
  type: 'registry.unmet-need',
  version: 1,
  topic: TOPICS.registryMarket,
  payload: UnmetNeedV1,
};
