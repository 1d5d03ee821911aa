import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsIntIn, IsIsoDate, IsWeeklyPence } from '../../validators.js';
import type { EventDefinition } from '../../envelope.js';
import { TOPICS } from '../../topics.js';
import {
  COUNCIL_CODE_PATTERN,
  PLACEMENT_CATEGORIES,
  type PlacementCategory,
  SETTING_TYPES,
  type SettingType,
  URN_PATTERN,
} from '../../vocabulary.js';

export class CouncilShareV1 {
  @Matches(COUNCIL_CODE_PATTERN) councilCode: string;
  /** Share of the contract in basis points (10,000 = 100%). */
  @IsIntIn(0, 10_000) basisPoints: number;
  /** Beds allocated to the council, when the agreement allocates beds rather than percentages. */
  @IsOptional() @IsIntIn(0, 1_000) beds?: number;
}

/** A block contract was awarded: beds the region pays for whether used or not. */
export class ContractAwardedV1 {
  @IsUUID() contractId: string;
  @IsOptional() @IsUUID() tenderId?: string;
  @IsUUID() providerId: string;
  @ArrayMinSize(1) @ArrayMaxSize(50) @Matches(URN_PATTERN, { each: true }) settingUrns: string[];
  @IsIn(PLACEMENT_CATEGORIES) placementCategory: PlacementCategory;
  @IsIntIn(1, 1_000) beds: number;
  @IsWeeklyPence() weeklyPricePerBedPence: number;
  @IsIsoDate() startDate: string;
  @IsIsoDate() endDate: string;
  @ValidateNested({ each: true })
  @Type(() => CouncilShareV1)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  shares: CouncilShareV1[];
}

export const ContractAwardedV1Event: EventDefinition<ContractAwardedV1> = {
  type: 'commissioning.contract-awarded',
  version: 1,
  topic: TOPICS.commissioningContract,
  payload: ContractAwardedV1,
  rules: (p) => {
    const sum = p.shares.reduce((a, s) => a + s.basisPoints, 0);
    return sum === 10_000 ? [] : [`shares sum to ${sum} basis points, not 10000`];
  },
};

export class CouncilPeriodLineV1 {
  @Matches(COUNCIL_CODE_PATTERN) councilCode: string;
  @IsInt() committedPence: number;
  @IsInt() occupiedPence: number;
  @IsInt() voidSharePence: number;
  @IsInt() rechargesInPence: number;
  @IsInt() rechargesOutPence: number;
}

/** A month of a block contract, closed: bed-nights occupied and void and who paid for what, to the penny. */
export class ContractPeriodClosedV1 {
  @IsUUID() contractId: string;
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) period: string;
  @IsIn(PLACEMENT_CATEGORIES) placementCategory: PlacementCategory;
  @IsIntIn(0) bedNights: number;
  @IsIntIn(0) occupiedBedNights: number;
  @IsIntIn(0) voidBedNights: number;
  @IsIntIn(0) costPence: number;
  @IsIntIn(0) voidCostPence: number;
  @ValidateNested({ each: true }) @Type(() => CouncilPeriodLineV1) @ArrayMaxSize(20) councils: CouncilPeriodLineV1[];
}

export const ContractPeriodClosedV1Event: EventDefinition<ContractPeriodClosedV1> = {
  type: 'commissioning.contract-period-closed',
  version: 1,
  topic: TOPICS.commissioningLedger,
  payload: ContractPeriodClosedV1,
  rules: (p) => {
    const problems: string[] = [];
    if (p.occupiedBedNights + p.voidBedNights !== p.bedNights) problems.push('occupied + void must equal bedNights');
    const voidShared = p.councils.reduce((a, c) => a + c.voidSharePence, 0);
    if (p.councils.length > 0 && voidShared !== p.voidCostPence)
      problems.push(`void shares sum to ${voidShared}, not voidCostPence ${p.voidCostPence}`);
    return problems;
  },
};

/**
 * A tender was awarded: one event per live bid, telling its bidder the outcome (docs/adr/0052). The notification
 * sender turns it into a message to the provider; no other provider's identity or price is carried.
 */
export class TenderOutcomeV1 {
  @IsUUID() tenderId: string;
  @IsUUID() lotId: string;
  @IsUUID() bidId: string;
  @IsUUID() providerId: string;
  @IsIn(['successful', 'unsuccessful']) outcome: 'successful' | 'unsuccessful';
  /** The bid's place in its lot and the lot's number of bids. */
  @IsIntIn(1) rank: number;
  @IsIntIn(1) bidsInLot: number;
  /** The bid's weighted total and the winning total, basis points (10000 = 100%). */
  @IsIntIn(0, 10_000) totalBp: number;
  @IsIntIn(0, 10_000) winningTotalBp: number;
  @IsIsoDate() awardedOn: string;
  /** The day the standstill ends: until then an unsuccessful bidder may challenge the award. */
  @IsIsoDate() standstillEndsOn: string;
}

export const TenderOutcomeV1Event: EventDefinition<TenderOutcomeV1> = {
  type: 'commissioning.tender-outcome',
  version: 1,
  topic: TOPICS.commissioningContract,
  payload: TenderOutcomeV1,
  rules: (p) => {
    const problems: string[] = [];
    if (p.rank > p.bidsInLot) problems.push('rank cannot exceed the bids in the lot');
    if ((p.outcome === 'successful') !== (p.rank === 1)) problems.push('only the top-ranked bid is successful');
    if (p.totalBp > p.winningTotalBp) problems.push('no bid scores above the winning total');
    if (p.standstillEndsOn <= p.awardedOn) problems.push('the standstill ends after the award');
    return problems;
  },
};

/** A version-1 notice about a tender, on the contract topic keyed by the tender (docs/adr/0061). */
const tenderNoticeV1 = <P extends object>(
  type: string,
  payload: new () => P,
  rules: (p: P) => string[],
): EventDefinition<P> => ({ type, version: 1, topic: TOPICS.commissioningContract, payload, rules });

/** No value twice in a list, or the problem in words. */
const listedOnce = (values: readonly string[], what: string) =>
  new Set(values).size === values.length ? [] : [`${what} is listed twice`];

/**
 * A tender was published (docs/adr/0061): the registry tells every provider with a registered setting of the lots'
 * types. Carries only what the notice says: the title, the types and the bid deadline.
 */
export class TenderPublishedV1 {
  @IsUUID() tenderId: string;
  @IsString() @Length(1, 200) title: string;
  @ArrayMinSize(1) @ArrayMaxSize(20) @IsIn(SETTING_TYPES, { each: true }) settingTypes: SettingType[];
  /** The last day bids may be made (to the end of that day, UK time); absent when the tender has no deadline. */
  @IsOptional() @IsIsoDate() bidsCloseOn?: string;
}

export const TenderPublishedV1Event = tenderNoticeV1('commissioning.tender-published', TenderPublishedV1, (p) =>
  listedOnce(p.settingTypes, 'a setting type'),
);

/**
 * The hub answered a clarification question and published the answer (docs/adr/0061, 0052): the providers who asked a
 * question about the tender or bid on it are told. The question and answer stay in commissioning: readers sign in.
 */
export class ClarificationAnsweredV1 {
  @IsUUID() tenderId: string;
  @IsUUID() clarificationId: string;
  @IsString() @Length(1, 200) title: string;
  /** Providers who asked about the tender or have a bid on it (withdrawn bids included): identifiers only. */
  @ArrayMaxSize(1_000) @IsUUID('all', { each: true }) providerIds: string[];
}

export const ClarificationAnsweredV1Event = tenderNoticeV1(
  'commissioning.clarification-answered',
  ClarificationAnsweredV1,
  (p) => listedOnce(p.providerIds, 'a provider'),
);
