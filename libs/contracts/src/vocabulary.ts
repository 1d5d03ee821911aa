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
