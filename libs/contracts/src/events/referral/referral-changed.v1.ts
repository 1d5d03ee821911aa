import { ArrayMaxSize, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { EventDefinition } from '../../envelope.js';
import { ABOUT_CHILD_MAX, identifyingKinds } from '../../identifying-text.js';
import { TOPICS } from '../../topics.js';
import { IsIntIn } from '../../validators.js';
import { COUNCIL_CODE_PATTERN, NEED_FLAGS, type NeedFlag } from '../../vocabulary.js';

/**
 * The parts of an open referral its council may change (docs/adr/0060), as they now are: what homes should know about
 * the child, the latest start date and the registration needs, and optionally more hours for homes to answer.
 * `opened`: the details that go with a referral just opened (same transaction, after `council.referral-opened`);
 * `changed`: the officer edited it, and the homes already asked see that it changed. A new event type rather than a
 * referral-opened v3, so consumers of the opening (analytics) never receive the free text.
 */
export class ReferralChangedV1 {
  @IsUUID(4) referralId: string;

  @Matches(COUNCIL_CODE_PATTERN, { message: 'councilCode must be an ONS council code' })
  councilCode: string;

  @IsIn(['opened', 'changed']) reason: 'opened' | 'changed';

  /** Checked by the council against the child's record; here against the shapes that need no record. */
  @IsString() @MaxLength(ABOUT_CHILD_MAX) aboutChild: string;

  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  startBy: string;

  @IsIn(NEED_FLAGS, { each: true }) @ArrayMaxSize(NEED_FLAGS.length) needs: NeedFlag[];

  /** Hours to add to the homes' time to answer (from now, or from the current deadline if later). */
  @IsOptional() @IsIntIn(1, 336) extendHours?: number;
}

export const ReferralChangedV1Event: EventDefinition<ReferralChangedV1> = {
  type: 'council.referral-changed',
  version: 1,
  topic: TOPICS.councilReferral,
  payload: ReferralChangedV1,
  rules: (p) => {
    const problems = new Set(p.needs).size === p.needs.length ? [] : ['needs: a need is listed twice'];
    const kinds = identifyingKinds(p.aboutChild);
    if (kinds.length > 0) problems.push(`aboutChild: contains ${kinds.join(', ')}`);
    return problems;
  },
};
