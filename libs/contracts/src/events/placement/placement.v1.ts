import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { IsIsoDate, IsWeeklyPence } from '../../validators.js';
import type { EventDefinition } from '../../envelope.js';
import { TOPICS } from '../../topics.js';
import { COUNCIL_CODE_PATTERN, PLACEMENT_CATEGORIES, type PlacementCategory, URN_PATTERN } from '../../vocabulary.js';
import { PURCHASE_ROUTES } from '../referral/referral.v1.js';

/**
 * A council placed a child in a setting. The placement id is made for the placement (never the child's id); the
 * hub's ledger counts bed-nights from it. Dates are placement dates, never a date of birth.
 */
export class PlacementStartedV1 {
  @IsUUID(4) placementId: string;

  @Matches(COUNCIL_CODE_PATTERN, { message: 'councilCode must be an ONS council code' })
  councilCode: string;

  @IsOptional() @IsUUID(4) referralId?: string;

  /**
   * HMAC-SHA-256 of the child's id under a key that never leaves the council: lets the hub count distinct children
   * and moves without knowing who they are.
   */
  @Matches(/^[0-9a-f]{64}$/, { message: 'childPseudonym must be an HMAC-SHA-256 hex digest' })
  childPseudonym: string;

  @Matches(URN_PATTERN, { message: 'settingUrn must be an Ofsted URN' }) settingUrn: string;

  @IsIn(PURCHASE_ROUTES) route: (typeof PURCHASE_ROUTES)[number];

  /** The block contract the bed belongs to, when route is block. */
  @IsOptional() @IsUUID() contractId?: string;

  @IsIn(PLACEMENT_CATEGORIES) placementCategory: PlacementCategory;

  @IsIsoDate() startDate: string;

  /** Agreed weekly cost excluding VAT, in pence. */
  @IsWeeklyPence() weeklyCostPence: number;
}

export const PlacementStartedV1Event: EventDefinition<PlacementStartedV1> = {
  type: 'council.placement-started',
  version: 1,
  topic: TOPICS.councilPlacement,
  payload: PlacementStartedV1,
  rules: (p) => (p.route === 'block' && !p.contractId ? ['a block placement needs contractId'] : []),
};

/** The placement ended (the child moved on); the last night occupied is the night before endDate. */
export class PlacementEndedV1 {
  @IsUUID(4) placementId: string;

  @Matches(COUNCIL_CODE_PATTERN, { message: 'councilCode must be an ONS council code' })
  councilCode: string;

  @IsIsoDate() endDate: string;
}

export const PlacementEndedV1Event: EventDefinition<PlacementEndedV1> = {
  type: 'council.placement-ended',
  version: 1,
  topic: TOPICS.councilPlacement,
  payload: PlacementEndedV1,
};
