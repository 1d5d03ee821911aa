import { ArrayMaxSize, IsIn } from 'class-validator';
import type { EventDefinition } from '../../envelope.js';
import { TOPICS } from '../../topics.js';
import { NEED_FLAGS, type NeedFlag } from '../../vocabulary.js';
import { ReferralOpenedV1, ReferralOpenedV1Event } from './referral.v1.js';

/**
 * v2 adds `needs`: the need-specific registrations a home must hold for this child (Ofsted's categories), so the
 * marketplace can match registered needs. Adding a field is breaking for strict consumers, hence a new version.
 */
export class ReferralOpenedV2 extends ReferralOpenedV1 {
  @IsIn(NEED_FLAGS, { each: true }) @ArrayMaxSize(NEED_FLAGS.length) needs: NeedFlag[];
}

export const ReferralOpenedV2Event: EventDefinition<ReferralOpenedV2> = {
  type: 'council.referral-opened',
  version: 2,
  topic: TOPICS.councilReferral,
  payload: ReferralOpenedV2,
  rules: (p) => [
    ...(ReferralOpenedV1Event.rules?.(p) ?? []),
    ...(new Set(p.needs).size === p.needs.length ? [] : ['needs: a need is listed twice']),
  ],
};
