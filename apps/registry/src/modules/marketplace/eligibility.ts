import {
  SETTING_PLACEMENT_CATEGORY,
  type AgeBand,
  type NeedFlag,
  type ReferralOpenedV2,
  type SettingType,
} from '@rcc/contracts';
import { distanceFrom, DISTANCES, type Distance } from './distance.js';

/** The ages each band covers (the need snapshot's bands; a child in care is at most 17). */
export const AGE_BAND_YEARS: Readonly<Record<AgeBand, readonly [number, number]>> = {
  'under-1': [0, 0],
  '1-4': [1, 4],
  '5-9': [5, 9],
  '10-15': [10, 15],
  '16-plus': [16, 17],
};

/** Setting types whose Ofsted registration lists the needs they may care for (children's homes and schools). */
export const NEED_REGISTERED: ReadonlySet<SettingType> = new Set([
  'childrens-home',
  'secure-childrens-home',
  'residential-special-school',
]);

export interface Candidate {
  urn: string;
  providerId: string;
  settingType: SettingType;
  registrationStatus: string;
  ageMin: number;
  ageMax: number;
  sex: string;
  needFlags: readonly string[];
  postcodeDistrict: string | null;
  onFramework: boolean;
  /** The current declaration, only if it still counts (not stale); null otherwise. */
  vacancy: {
    vacancies: number;
    /** First day a child can move in (YYYY-MM-DD). */
    availableFrom: string;
    /** Whether that day has come: a place open now suits even a referral whose latest start has passed. */
    openNow: boolean;
    ageBands: readonly string[];
    canMeet: readonly string[];
  } | null;
}

export type Ineligible = 'not-registered' | 'type' | 'age' | 'sex' | 'needs' | 'no-vacancy' | 'distance' | 'framework';

export type Assessment = { eligible: true; distance: Distance } | { eligible: false; reason: Ineligible };

export type ReferralForMatching = Pick<
  ReferralOpenedV2,
  | 'startBy'
  | 'ageBand'
  | 'sex'
  | 'siblings'
  | 'localities'
  | 'closeToFamily'
  | 'mustStayAtSchool'
  | 'suitability'
  | 'needs'
>;

/**
 * Whether a setting may be sent a referral (docs/adr/0014): a registered setting of a suitable type, whose age and sex
 * range fit the child, registered (homes) and declared (everyone) for every need, with a current, fresh vacancy for
 * the child and siblings in the child's age band from the latest start date at the latest, near enough when the child must stay close, and on a framework when
 * the region buys only through frameworks.
 */
export function assess(referral: ReferralForMatching, c: Candidate, frameworkOnly: boolean): Assessment {
  if (c.registrationStatus !== 'registered') return { eligible: false, reason: 'not-registered' };
  if (!typeSuits(referral, c.settingType)) return { eligible: false, reason: 'type' };
  const [lo, hi] = AGE_BAND_YEARS[referral.ageBand];
  if (c.ageMax < lo || c.ageMin > hi) return { eligible: false, reason: 'age' };
  if (c.sex !== 'mixed' && c.sex !== referral.sex) return { eligible: false, reason: 'sex' };
  const needs: readonly NeedFlag[] = referral.needs;
  if (NEED_REGISTERED.has(c.settingType) && !needs.every((n) => c.needFlags.includes(n)))
    return { eligible: false, reason: 'needs' };
  const v = c.vacancy;
  // A place that opens only after the council's latest start date is no vacancy for this child; one open now is (an
  // overdue referral wants the soonest place there is).
  if (!v || v.vacancies < 1 + referral.siblings || !v.ageBands.includes(referral.ageBand))
    return { eligible: false, reason: 'no-vacancy' };
  if (!v.openNow && v.availableFrom > referral.startBy) return { eligible: false, reason: 'no-vacancy' };
  if (!needs.every((n) => v.canMeet.includes(n))) return { eligible: false, reason: 'needs' };
  const distance = distanceFrom(c.postcodeDistrict, referral.localities);
  if ((referral.closeToFamily || referral.mustStayAtSchool) && distance === 'far')
    return { eligible: false, reason: 'distance' };
  if (frameworkOnly && !c.onFramework) return { eligible: false, reason: 'framework' };
  return { eligible: true, distance };
}

/**
 * Type suitability: the referral's fostering / residential / supported suitability; if any is preferred or suitable,
 * only those; otherwise anything not unsuitable. Supported accommodation only for 16-17 year olds (2021 regulations);
 * secure homes never (a secure placement needs a court order a referral does not carry); family centres never.
 */
export function typeSuits(referral: Pick<ReferralForMatching, 'suitability' | 'ageBand'>, type: SettingType): boolean {
  if (type === 'secure-childrens-home' || type === 'residential-family-centre') return false;
  const category = SETTING_PLACEMENT_CATEGORY[type];
  if (category !== 'fostering' && category !== 'residential' && category !== 'supported') return false;
  if (category === 'supported' && referral.ageBand !== '16-plus') return false;
  const s = referral.suitability;
  const wanted = [s.fostering, s.residential, s.supported].some((v) => v === 'preferred' || v === 'suitable');
  const mine = s[category];
  return wanted ? mine === 'preferred' || mine === 'suitable' : mine !== 'unsuitable';
}

/** Ranking among eligible settings: nearer first, then framework members, then URN for a stable order. */
export function compareMatches(
  a: { distance: Distance; onFramework: boolean; urn: string },
  b: { distance: Distance; onFramework: boolean; urn: string },
): number {
  return (
    DISTANCES.indexOf(a.distance) - DISTANCES.indexOf(b.distance) ||
    Number(b.onFramework) - Number(a.onFramework) ||
    a.urn.localeCompare(b.urn)
  );
}
