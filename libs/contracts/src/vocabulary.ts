/**
 * The shared vocabulary of aggregates that may cross a council boundary. Values are stable identifiers; labels are
 * for people. The SSDA903 library maps statutory codes onto these (a test there checks the lists agree).
 */
export const PLACEMENT_CATEGORIES = ['fostering', 'residential', 'supported', 'adoption', 'parents', 'other'] as const;
export type PlacementCategory = (typeof PLACEMENT_CATEGORIES)[number];

export const AGE_BANDS = ['under-1', '1-4', '5-9', '10-15', '16-plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** ONS codes of upper-tier councils with children's services: unitary (E06), metropolitan (E08), London (E09), county (E10). */
export const COUNCIL_CODE_PATTERN = /^E(06|08|09|10)\d{6}$/;

/** Matches ONS-style postcode districts ("ST4", "B15", "EC1A"): the locality a setting or a need may be shown at. */
export const POSTCODE_DISTRICT_PATTERN = /^[A-Z]{1,2}\d[A-Z\d]?$/;

/**
 * Kinds of setting in the registry (Ofsted provision types, normalised). Each maps to the placement category its
 * children are counted in, so supply and demand meet in one vocabulary.
 */
export const SETTING_TYPES = [
  'childrens-home',
  'secure-childrens-home',
  'residential-special-school',
  'residential-family-centre',
  'independent-fostering-agency',
  'local-authority-fostering',
  'supported-accommodation',
] as const;
export type SettingType = (typeof SETTING_TYPES)[number];

export const SETTING_PLACEMENT_CATEGORY: Readonly<Record<SettingType, PlacementCategory>> = {
  'childrens-home': 'residential',
  'secure-childrens-home': 'residential',
  'residential-special-school': 'residential',
  'residential-family-centre': 'parents',
  'independent-fostering-agency': 'fostering',
  'local-authority-fostering': 'fostering',
  'supported-accommodation': 'supported',
};

/**
 * Need-specific registration categories (Ofsted children's homes list) and, on a referral, the needs a home must be
 * registered for. The same words on both sides so eligibility is a set comparison.
 */
export const NEED_FLAGS = [
  'emotional-behavioural',
  'mental-disorders',
  'sensory-impairment',
  'alcohol',
  'drugs',
  'learning-difficulty',
  'physical-disability',
] as const;
export type NeedFlag = (typeof NEED_FLAGS)[number];

/** Why a provider declined a referral (issue 4): the reasons that make the market gap legible. */
export const DECLINE_REASONS = [
  'no-vacancy',
  'cannot-meet-needs',
  'matching',
  'risk',
  'staffing',
  'location',
  'price',
  'other',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** Money crossing a boundary is integer pence; this bounds a weekly price (£1m a week) to catch unit mistakes. */
export const MAX_WEEKLY_PENCE = 100_000_000;

/** A calendar date on the wire (YYYY-MM-DD); instants are ISO 8601 with a zone. */
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** An Ofsted unique reference number (e.g. SC999999, 1234567). */
export const URN_PATTERN = /^[A-Z0-9]{1,10}$/;
