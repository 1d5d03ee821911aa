/**
 * The figures the simulated provider market is drawn from, each with its source. DOMAIN.md is /work/shared/DOMAIN.md
 * ("Scale"); the LGA briefing is reference/lga-placements-working-group-cma-briefing.txt (the CMA's 2022 children's
 * social care market study as the LGA summarised it). Where no published figure was at hand the value is marked
 * ASSUMPTION with the reasoning, so nobody mistakes it for a statistic.
 */
export type MarketKind =
  'childrens-home' | 'independent-fostering-agency' | 'local-authority-fostering' | 'supported-accommodation';

/** England, 31 March 2022: 2,873 children's homes (DOMAIN.md "Scale") for 82,170 children looked after (DfE CLA 2022). */
export const HOMES_PER_CHILD_LOOKED_AFTER = 2873 / 82_170;

/** England, March 2022: 316 independent fostering agencies (DOMAIN.md) over 153 councils (DOMAIN.md). */
export const IFAS_PER_COUNCIL = 316 / 153;

/**
 * Supported accommodation settings per child looked after. ASSUMPTION derived from the simulator's own rates: about a
 * quarter of children looked after are 16 or over and 36% of those live in supported accommodation (rates.ts
 * PLACEMENT_BY_AGE['16plus'].SUPPORTED), about 9% of the stock, in settings of about six places with some spare.
 */
export const SUPPORTED_SETTINGS_PER_CHILD = (0.25 * 0.36) / 6;

/**
 * Places in the council's own fostering service per child looked after: ~71% of children are fostered (DOMAIN.md) and
 * a county's in-house carers look after about half of them (DOMAIN.md: 354 in-house against 376 with IFAs); 10% spare.
 */
export const IN_HOUSE_FOSTERING_PLACES_PER_CHILD = 0.71 * (354 / (354 + 376)) * 1.1;

/** Who runs children's homes: 79% for profit (DOMAIN.md). ASSUMPTION: the rest split 4:1 council:voluntary. */
export const HOME_SECTOR = { Private: 0.79, 'Local Authority': 0.168, Voluntary: 0.042 } as const;

/** IFAs: 85% for profit (DOMAIN.md); the rest voluntary. */
export const IFA_SECTOR = { Private: 0.85, Voluntary: 0.15 } as const;

/**
 * Registered places in a children's home: "most homes have four places or fewer" (DOMAIN.md); homes are getting
 * smaller (Ofsted 2022, reference/ofsted-2022-how-las-plan-for-sufficiency.txt: homes +7%, places +4% in 2021/22).
 * ASSUMPTION: this spread, mean about 3.4 places, 78% with four or fewer.
 */
export const HOME_PLACES: Readonly<Record<string, number>> = {
  1: 0.12,
  2: 0.2,
  3: 0.2,
  4: 0.26,
  5: 0.12,
  6: 0.07,
  8: 0.03,
};

/**
 * Weekly prices excluding VAT, pounds: median and the range a setting's price is kept within.
 * - Children's homes: a county's £31m for 119 children in residential care is £5,010 a week (DOMAIN.md); prices
 *   rose 40% from 2013 to 2019 and keep rising 3.5% a year above inflation (Ofsted 2022; LGA briefing §9), with homes
 *   for complex needs much dearer (Ofsted 2022). ASSUMPTION: median £4,800, log-normal spread (sigma 0.3).
 * - IFAs: £16m for 376 children is £818 a week (DOMAIN.md); prices held steady (LGA briefing §9). Narrow spread.
 * - The council's own fostering: £14m for 354 children is £760 a week (DOMAIN.md).
 * - Supported accommodation: ASSUMPTION, no figure in the references: median £1,600, between IFA and home prices.
 */
export const WEEKLY_PRICE_POUNDS: Readonly<
  Record<MarketKind, { median: number; sigma: number; min: number; max: number }>
> = {
  'childrens-home': { median: 4800, sigma: 0.3, min: 2800, max: 12_000 },
  'independent-fostering-agency': { median: 818, sigma: 0.12, min: 600, max: 1_200 },
  'local-authority-fostering': { median: 760, sigma: 0.1, min: 550, max: 1_000 },
  'supported-accommodation': { median: 1600, sigma: 0.35, min: 800, max: 3_500 },
};

/**
 * Latest Ofsted overall effectiveness of inspected homes and agencies. ASSUMPTION of the order of Ofsted's annual
 * "Children's social care in England" findings (about eight in ten good or outstanding).
 */
export const RATINGS = {
  Outstanding: 0.15,
  Good: 0.65,
  'Requires improvement to be good': 0.16,
  Inadequate: 0.04,
} as const;

/**
 * Ownership: a few large groups, several private-equity backed and highly indebted, run a large share of for-profit
 * homes and agencies (CMA via the LGA briefing §8-10, §31). ASSUMPTION: six groups taking 35% of for-profit settings,
 * the largest with the biggest share (weights below); the rest are small independent companies.
 */
export const GROUP_SHARE_OF_PRIVATE = 0.35;
export const GROUP_WEIGHTS = [0.32, 0.22, 0.16, 0.12, 0.1, 0.08] as const;

/** Need-specific registrations of children's homes. ASSUMPTION (Ofsted registers them; no published shares at hand). */
export const HOME_NEEDS: readonly (readonly [string, number])[] = [
  ['Emotional and Behavioural Difficulties', 0.75],
  ['Mental Disorders', 0.25],
  ['Sensory Impairment', 0.08],
  ['Present Alcohol Problems', 0.15],
  ['Present Drug Problems', 0.15],
  ['Learning Difficulty', 0.3],
  ['Physical Disabilities', 0.1],
];
