import { ArrayMaxSize, IsISO8601, Matches } from 'class-validator';
import { IsIntIn } from '../../validators.js';
import type { EventDefinition } from '../../envelope.js';
import { TOPICS } from '../../topics.js';
import { COUNCIL_CODE_PATTERN } from '../../vocabulary.js';

/**
 * A version of the regional demand profile was published (disclosure-controlled, immutable). Carries identifiers and
 * facts only: where to read it (the version), the date it describes and which councils it pools. Keyed by the as-at
 * date so revisions of one date stay in order.
 */
export class ProfilePublishedV1 {
  @IsIntIn(1) version: number;
  @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/) asAt: string;
  @IsIntIn(1) revision: number;
  @Matches(COUNCIL_CODE_PATTERN, { each: true }) @ArrayMaxSize(200) councils: string[];
  @IsIntIn(1, 100) minCount: number;
  @IsISO8601({ strict: true }) publishedAt: string;
}

export const ProfilePublishedV1Event: EventDefinition<ProfilePublishedV1> = {
  type: 'analytics.profile-published',
  version: 1,
  topic: TOPICS.analyticsPublished,
  payload: ProfilePublishedV1,
};
