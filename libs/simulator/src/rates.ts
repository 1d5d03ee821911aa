/**
 * The rates the region simulator draws children's care histories from, each with its source. Figures are for
 * England. "DfE CLA 2024" is the Department for Education's national statistics release "Children looked after in
 * England including adoptions, reporting year 2024" (explore-education-statistics.service.gov.uk, published
 * 14 November 2024, year ending 31 March 2024; headline figures checked against the release page); "DOMAIN.md" is the design brief's DOMAIN.md (not in this repository) ("Scale"), which gives the same
 * series to 2023. Where a rate is the simulator's own modelling choice it says so. The children are synthetic: only
 * the rates are real.
 */

/** Children looked after at 31 March 2024: 83,630 (DfE CLA 2024; DOMAIN.md: 83,840 in 2023). */
export const ENGLAND_LOOKED_AFTER = 83_630;
/** Children who started to be looked after in the year to 31 March 2024: 33,050 (DfE CLA 2024). */
export const ENGLAND_STARTED = 33_050;
/** Children who ceased to be looked after in the year to 31 March 2024: 33,620, up 6% (DfE CLA 2024). */
export const ENGLAND_CEASED = 33_620;

/** Entries per year per child looked after at 31 March: 33,050 / 83,630 = 0.40. */
export const ENTRY_RATE = ENGLAND_STARTED / ENGLAND_LOOKED_AFTER;
/** Exits per year per child looked after at 31 March: 33,620 / 83,630 = 0.40. */
export const EXIT_RATE = ENGLAND_CEASED / ENGLAND_LOOKED_AFTER;

export type AgeGroup = 'under1' | '1to4' | '5to9' | '10to15' | '16plus';
export const AGE_GROUPS: readonly { group: AgeGroup; from: number; to: number }[] = [
  { group: 'under1', from: 0, to: 1 },
  { group: '1to4', from: 1, to: 5 },
  { group: '5to9', from: 5, to: 10 },
  { group: '10to15', from: 10, to: 16 },
  { group: '16plus', from: 16, to: 18 },
];

/** Age of children looked after at 31 March 2024 (DfE CLA 2024: under 1 5%, 1-4 13%, 5-9 17%, 10-15 38%, 16+ 27%). */
export const STOCK_AGE: Readonly<Record<AgeGroup, number>> = {
  under1: 0.05,
  '1to4': 0.13,
  '5to9': 0.17,
  '10to15': 0.38,
  '16plus': 0.27,
};

/**
 * Age on starting to be looked after, year to 31 March 2024 (DfE CLA 2024, children who started: under 1 about 18%,
 * 1-4 15%, 5-9 16%, 10-15 29%, 16+ 22%; the 16+ share includes unaccompanied asylum-seeking children).
 */
export const ENTRY_AGE: Readonly<Record<AgeGroup, number>> = {
  under1: 0.18,
  '1to4': 0.15,
  '5to9': 0.16,
  '10to15': 0.29,
  '16plus': 0.22,
};

/** Boys: 57% of children looked after at 31 March 2024 (DfE CLA 2024). */
export const MALE_SHARE = 0.57;

/**
 * Ethnicity at 31 March 2024 (DfE CLA 2024: White 71%, Mixed 11%, Black 7%, Asian 5%, other 5%, not known 1%),
 * spread over SSDA903 ETHNIC codes.
 */
export const ETHNICITY: Readonly<Record<string, number>> = {
  WBRI: 0.63, WOTH: 0.05, WIRT: 0.01, WROM: 0.02,
  MWBC: 0.04, MWBA: 0.02, MWAS: 0.02, MOTH: 0.03,
  BCRB: 0.02, BAFR: 0.04, BOTH: 0.01,
  AIND: 0.01, APKN: 0.02, ABAN: 0.01, AOTH: 0.01,
  CHNE: 0.005, OOTH: 0.045, NOBT: 0.01,
}; // prettier-ignore

/**
 * Category of need of children looked after at 31 March 2024 (DfE CLA 2024: abuse or neglect 66%, family
 * dysfunction 14%, absent parenting 8% (mostly unaccompanied children), family in acute stress 6%, disability 3%,
 * parental illness or disability 2%, socially unacceptable behaviour 1%).
 */
export const CATEGORY_OF_NEED: Readonly<Record<string, number>> = {
  N1: 0.66, N5: 0.14, N8: 0.08, N4: 0.06, N2: 0.03, N3: 0.02, N6: 0.01,
}; // prettier-ignore

/**
 * Legal status on entry. At 31 March 2024, 78% were on care orders (full or interim), 16% accommodated under
 * section 20, 5% on placement orders and about 1% on youth-justice or emergency statuses (DfE CLA 2024). Entries
 * start on interim orders or section 20 far more than the stock: the modelling choice below starts 55% on an interim
 * care order (C1, which becomes a full order C2 after about six months, the 26-week target for care proceedings),
 * 38% under section 20, 4% on police protection or an emergency protection order (L1/L2, then C1), 3% remanded (J1).
 */
export const ENTRY_LEGAL_STATUS: Readonly<Record<string, number>> = {
  C1: 0.55,
  V2: 0.38,
  L1: 0.02,
  L2: 0.02,
  J1: 0.03,
};
/** Months on an interim order before the full care order: care proceedings' 26-week target (Children Act 1989 s32). */
export const INTERIM_MONTHS = 6;

/**
 * Placement of children looked after at 31 March 2024 (DfE CLA 2024): foster placements 68% (about 57,000),
 * secure units, children's homes and semi-independent living 17%, placed with parents 6%, placed for adoption 2%,
 * other residential settings, independent living, residential schools and other placements the rest. The simulator
 * draws a placement by age (babies are not placed in children's homes; under-16s are not placed in supported
 * accommodation, which is regulated for 16-17s from October 2023): the weights below, mixed over STOCK_AGE, give
 * foster about 70%, children's homes and supported accommodation about 18%, with parents about 6%.
 */
export const PLACEMENT_BY_AGE: Readonly<Record<AgeGroup, Readonly<Record<string, number>>>> = {
  under1: { U4: 0.35, U6: 0.25, U3: 0.15, A5: 0.1, P1: 0.08, R3: 0.07 },
  '1to4': { U4: 0.35, U6: 0.2, U1: 0.2, A3: 0.1, P1: 0.1, R3: 0.05 },
  '5to9': { U4: 0.47, U1: 0.19, U6: 0.17, P1: 0.09, K2: 0.06, A4: 0.02 },
  '10to15': { U4: 0.36, U1: 0.12, U6: 0.14, K2: 0.24, P1: 0.07, S1: 0.03, K1: 0.01, R2: 0.02, R5: 0.01 },
  '16plus': { U4: 0.22, U1: 0.08, U6: 0.1, K2: 0.18, SUPPORTED: 0.36, P1: 0.03, R5: 0.01, R2: 0.02 },
};

/**
 * Children placed outside their council's boundary at 31 March 2024: 43% (DfE CLA 2024, "placed outside the LA
 * boundary"); about one in five more than 20 miles from home. Modelling choice: of those, 60% in a neighbouring
 * council of the same region, the rest beyond it.
 */
export const OUT_OF_AREA_SHARE = 0.43;
export const OUT_OF_AREA_IN_REGION = 0.6;

/**
 * Placement moves: 10% of children looked after at 31 March 2024 had three or more placements in the year, 68% one
 * (DfE CLA 2024, placement stability). A monthly move hazard of 0.045 (about one move every two years; two or more
 * moves in a year for about 10%) gives those shares for a stock with this turnover (modelling choice, checked by the
 * realism tests).
 */
export const MOVE_HAZARD_PER_MONTH = 0.045;

/**
 * Going missing: about 11% of children looked after during the year to 31 March 2024 had a missing incident,
 * averaging about six incidents each (DfE CLA 2024, missing from care), nearly all aged 11 or over. Modelling
 * choice: a child aged 11+ goes missing with a monthly probability of 0.03, each incident lasting 0-3 days (11% of
 * all children looked after during a year, since most 11+ children are looked after for part of the year only).
 */
export const MISSING_PER_MONTH_AGE_11_PLUS = 0.03;
export const MISSING_MIN_AGE = 11;

/**
 * Reasons care ended, year to 31 March 2024 (DfE CLA 2024): returned home to parents or relatives about 25%, special
 * guardianship orders 13%, adoption 9%, child arrangements orders 3%, care ended at 18 (independent living, staying
 * put or adult services) about 35%, other reasons the rest. Exits at 18 are drawn by age; the others from these weights.
 */
export const EXIT_REASON_UNDER_18: Readonly<Record<string, number>> = {
  E4A: 0.33, E4B: 0.04, E13: 0.05, E45: 0.07, E46: 0.03, E47: 0.06, E48: 0.03,
  E11: 0.1, E12: 0.04, E41: 0.05, E8: 0.12, E3: 0.02, E9: 0.02, E14: 0.02, E16: 0.01, E2: 0.01,
}; // prettier-ignore
/** On the 18th birthday: staying put with foster carers, supported lodgings, independent living, adult services. */
export const EXIT_REASON_AT_18: Readonly<Record<string, number>> = { E17: 0.3, E5: 0.45, E6: 0.2, E7: 0.05 };

/** Reason a placement changed (SSDA903 REASON_PLACE_CHANGE): modelling choice over the DfE codes. */
export const REASON_PLACE_CHANGE: Readonly<Record<string, number>> = {
  CARPL: 0.3, LAREQ: 0.2, CREQO: 0.1, CHILD: 0.1, APPRR: 0.1, CLOSE: 0.05, STAND: 0.05, ALLEG: 0.03, OTHER: 0.07,
}; // prettier-ignore

/**
 * Provider of a placement (SSDA903 PLACE_PROVIDER) by placement kind. Children's homes: 79% run for profit
 * (DOMAIN.md: 2,873 homes in March 2022, 79% private); foster placements: about 55% with council carers, 45% with
 * independent fostering agencies (DfE CLA 2024: "fostering: LA 55%, private provision 45%" approximately).
 */
export const PROVIDER_BY_KIND: Readonly<Record<'foster' | 'home' | 'other', Readonly<Record<string, number>>>> = {
  foster: { PR1: 0.55, PR4: 0.4, PR5: 0.05 },
  home: { PR4: 0.79, PR1: 0.14, PR5: 0.05, PR2: 0.02 },
  other: { PR1: 0.5, PR3: 0.3, PR4: 0.2 },
};
