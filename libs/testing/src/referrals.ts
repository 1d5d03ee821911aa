import { randomUUID } from 'node:crypto';
import type { ReferralOpenedV2 } from '@rcc/contracts';

/** What a test's referral profile may change: any field of the council's referral input, as GraphQL takes it. */
export type ReferralOverrides = Record<string, unknown>;

/**
 * The council's `OpenReferralInput` for a child, as the tests open one: planned, to start by 1 January 2025, near
 * ST4 2 and close to family, preferring residential care (fostering suitable), a standard ratio, no risks or support
 * asked, needing a home registered for emotional and behavioural difficulties. A test overrides what it is about.
 */
export const openReferralInput = (childId: string, overrides: ReferralOverrides = {}) => ({
  childId,
  kind: 'planned',
  startBy: '2025-01-01',
  siblings: 0,
  localities: ['ST4 2'],
  closeToFamily: true,
  mustStayAtSchool: false,
  suitability: { fostering: 'suitable', residential: 'preferred', supported: 'unsuitable' },
  ratio: 'standard',
  risksToChild: [],
  risksToOthers: [],
  support: [],
  needs: ['emotional-behavioural'],
  ...overrides,
});

/**
 * The anonymised event a council publishes when it opens that referral (a fresh referral id; a girl aged 10 to 15),
 * with `overrides` over its profile, as a test hands it to a consumer or the bus.
 */
export function referralOpenedPayload(
  councilCode: string,
  overrides: Partial<ReferralOpenedV2> = {},
): ReferralOpenedV2 {
  const { childId: _child, ...profile } = openReferralInput('');
  return {
    referralId: randomUUID(),
    councilCode,
    ageBand: '10-15',
    sex: 'female',
    ...(profile as Omit<ReferralOpenedV2, 'referralId' | 'councilCode' | 'ageBand' | 'sex'>),
    ...overrides,
  };
}
