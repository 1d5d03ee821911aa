import type { OpenReferralInput } from './referral-form.js';

/** The shapes the council's referral pages read through the gateway (see referrals.queries.ts). */

export interface CouncilReferral {
  id: string;
  childId: string;
  kind: string;
  startBy: string;
  siblings: number;
  status: string;
  localities: string[];
  closedReasons: string[];
  needs: string[];
  aboutChild: string;
  changedAt: string | null;
  placement: {
    settingUrn: string;
    weeklyCostPence: number;
    route: string;
    placementCategory: string;
    contractId: string | null;
    startDate: string;
    endDate: string | null;
  } | null;
  responses: {
    responseId: string;
    providerName: string;
    settingUrn: string;
    settingType: string;
    response: string;
    weeklyPricePence: number | null;
    startDate: string | null;
    declineReason: string | null;
    registrationFlag: boolean;
    respondedAt: string;
  }[];
}

export interface ReferralReach {
  referralId: string;
  status: string;
  openedAt: string;
  respondBy: string;
  windowExtended: boolean;
  asked: number;
  providers: number;
  answered: number;
  lastSentAt: string | null;
  groups: { settingType: string; distance: string; asked: number; answered: number }[];
  notMatched: { reason: string; settings: number }[];
  answeredSettings: {
    settingUrn: string;
    name: string;
    ofstedGrade: string | null;
    ofstedGradeNote: string | null;
    ofstedInspectedOn: string | null;
    distance: string;
    postcodeDistrict: string | null;
    declineNote: string | null;
  }[];
  shared: SharedProfile;
  widenedAt: string | null;
}

/** The needs profile as providers read it (after any widening): the answers but the child's id, age band and sex. */
export interface SharedProfile extends Omit<OpenReferralInput, 'childId'> {
  ageBand: string;
  sex: string;
}

/** The child as the council's latest return has it, in words (never leaves the council's instance). */
export interface ChildEcho {
  childId: string;
  ageYears: number;
  sex: string;
  placementType: string;
  legalStatus: string;
}

/** A block contract the council has a share of, offered by name when it includes the offered home. */
export interface BlockContractChoice {
  id: string;
  name: string;
  settingUrns: string[];
  beds: number;
  /** Beds a child could take from today to the contract's end (commissioning counts them). */
  freeBedsNow: number;
  startDate: string;
  endDate: string;
}

export const STATUSES = ['open', 'placed', 'unmet', 'withdrawn'];
export const STATUS_COLOURS: Record<string, string> = {
  open: 'blue',
  placed: 'green',
  unmet: 'red',
  withdrawn: 'grey',
};
export const pounds = (pence: number) =>
  `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
export const short = (id: string) => id.slice(0, 8);
/** An instant as people read it, in UTC: "6 December 2026, 2:05pm" (GOV.UK style). */
export { govukDateTime as when } from '../../platform/dates.js';
