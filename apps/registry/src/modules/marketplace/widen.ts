import { InvalidInputError } from '@rcc/platform';
import type { ReferralOpenedV2 } from '@rcc/contracts';
import { typeSuits, type ReferralForMatching } from './eligibility.js';

/** The kinds of home a referral can be widened to (its suitability keys). */
export const WIDEN_TYPES = ['fostering', 'residential', 'supported'] as const;
export type WidenType = (typeof WIDEN_TYPES)[number];

/** A representative setting type of each kind, to ask the matching rules whether the referral already takes it. */
const TYPE_OF = {
  fostering: 'independent-fostering-agency',
  residential: 'childrens-home',
  supported: 'supported-accommodation',
} as const;

export interface Widening {
  /** Homes at any distance: the child need not live close to family or stay at the current school. */
  anyDistance: boolean;
  /** Kinds of home to send it to as well. */
  addTypes: readonly string[];
}

type Profile = Omit<ReferralOpenedV2, 'referralId' | 'councilCode'>;

/**
 * A referral widened by the council (docs/adr/0058): it may only reach more homes, never fewer, so a setting already
 * sent it stays a fair match. Dropping the distance rule clears close-to-family and stay-at-school; adding a kind of
 * home makes it suitable (or, when the referral names no wanted kind, simply no longer unsuitable, which keeps every
 * other kind in). Refusals say what to change.
 */
export function widenProfile(profile: Profile, widening: Widening): Profile {
  const unknown = widening.addTypes.filter((t) => !(WIDEN_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0)
    throw new InvalidInputError(`Kinds of home must be ${WIDEN_TYPES.join(', ')}, not ${unknown.join(', ')}`);
  const suitability = { ...profile.suitability };
  const s = profile.suitability;
  const namesWanted = [s.fostering, s.residential, s.supported].some((v) => v === 'preferred' || v === 'suitable');
  const added: string[] = [];
  for (const type of new Set(widening.addTypes) as Set<WidenType>) {
    if (type === 'supported' && profile.ageBand !== '16-plus')
      throw new InvalidInputError('Supported accommodation is only for 16 and 17 year olds: remove it');
    if (typeSuits(profile as ReferralForMatching, TYPE_OF[type]))
      throw new InvalidInputError(`The referral already goes to ${words(type)}: remove it`);
    suitability[type] = namesWanted ? 'suitable' : 'not-specified';
    added.push(type);
  }
  const near = profile.closeToFamily || profile.mustStayAtSchool;
  if (widening.anyDistance && !near)
    throw new InvalidInputError('The referral already goes to homes at any distance: untick it');
  if (added.length === 0 && !widening.anyDistance)
    throw new InvalidInputError('Select a kind of home to add or homes at any distance');
  return widening.anyDistance
    ? { ...profile, suitability, closeToFamily: false, mustStayAtSchool: false }
    : { ...profile, suitability };
}

const words = (type: WidenType) =>
  ({ fostering: 'foster care', residential: 'children’s homes', supported: 'supported accommodation' })[type];
