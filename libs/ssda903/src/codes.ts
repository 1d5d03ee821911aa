import type { PlacementCategory } from '@rcc/contracts';

/**
 * SSDA903 code lists (DfE children looked after return), the union of the codes valid in any collection year since
 * 2017 (a council re-importing an old return must not be refused), from the design brief's SSDA903.md section 1.4 (not in this repository).
 */
export const LEGAL_STATUS = ['C1', 'C2', 'D1', 'E1', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3', 'V2', 'V3', 'V4'] as const;
/** Agreed series of short-term breaks: excluded from "looked after at 31 March" counts (DfE convention). */
export const SHORT_BREAK_LEGAL_STATUS: readonly string[] = ['V3', 'V4'];
export const REASON_NEW_EPISODE = ['S', 'L', 'P', 'T', 'U', 'B'] as const;
export const CATEGORY_OF_NEED = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'] as const;
export const SEX = ['1', '2', 'M', 'F', 'U'] as const;
export const ETHNICITY = [
  'WBRI', 'WIRI', 'WOTH', 'WIRT', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND',
  'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT',
] as const; // prettier-ignore
export const PLACEMENT_PROVIDER = ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'] as const;
export const REASON_EPISODE_CEASED = [
  'X1', 'E11', 'E12', 'E13', 'E14', 'E15', 'E16', 'E17', 'E2', 'E3', 'E41', 'E43', 'E44',
  'E45', 'E46', 'E47', 'E48', 'E4A', 'E4B', 'E5', 'E6', 'E7', 'E8', 'E9',
] as const; // prettier-ignore
export const REASON_PLACE_CHANGE = [
  'CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'CUSTOD', 'OTHER',
] as const; // prettier-ignore

/** PLACE (placement type) code -> the shared vocabulary that may cross a council boundary. */
export const PLACEMENT_TYPE: Readonly<Record<string, PlacementCategory>> = {
  // Foster placements: with relatives or friends (U1-U3), with other foster carers (U4-U6).
  U1: 'fostering', U2: 'fostering', U3: 'fostering', U4: 'fostering', U5: 'fostering', U6: 'fostering',
  // Children's homes and residential care: secure homes, regulated homes, residential care homes, residential schools.
  K1: 'residential', K2: 'residential', R1: 'residential', S1: 'residential',
  // Semi-independent and supported accommodation, independent living, residential employment.
  H5: 'supported', K3: 'supported', P2: 'supported', P3: 'supported',
  // Placed for adoption.
  A3: 'adoption', A4: 'adoption', A5: 'adoption', A6: 'adoption',
  // Placed with own parents or others with parental responsibility.
  P1: 'parents',
  // Health settings, family centres, youth custody, temporary moves, other scheduled placements.
  R2: 'other', R3: 'other', R5: 'other', T0: 'other', T1: 'other', T2: 'other', T3: 'other', T4: 'other',
  Z1: 'other', Z11: 'other', Z12: 'other', Z13: 'other', Z14: 'other',
}; // prettier-ignore

export const PLACEMENT_TYPES = Object.keys(PLACEMENT_TYPE);

/**
 * PLACE codes valid in one collection year (the year of its 31 March). Where the sources disagree (SSDA903.md 1.4:
 * LIIA retires H5 and P2 in 2024-25, DfE's validator still accepts them that year), both are accepted and the
 * disagreement is recorded here. Unknown year: the union.
 */
export function placementTypesFor(collectionYear: number | null): readonly string[] {
  if (collectionYear === null) return PLACEMENT_TYPES;
  const retired: Record<string, (y: number) => boolean> = {
    H5: (y) => y > 2025, // LIIA: gone from 2025 (2024-25); validator 2024-25 accepts; both accepted in 2025
    P2: (y) => y > 2025, // as H5
    K3: (y) => y < 2025, // registered supported accommodation, from 2024-25
    Z1: (y) => y > 2025, // replaced by Z11-Z14 in 2025-26
    Z11: (y) => y < 2026,
    Z12: (y) => y < 2026,
    Z13: (y) => y < 2026,
    Z14: (y) => y < 2026,
  };
  return PLACEMENT_TYPES.filter((code) => !retired[code]?.(collectionYear));
}

/** SEX: 1/2 up to 2023-24; M/F/U from 2024-25 (collection year 2025). Unknown year: both. */
export function sexCodesFor(collectionYear: number | null): readonly string[] {
  if (collectionYear === null) return SEX;
  return collectionYear >= 2025 ? ['M', 'F', 'U'] : ['1', '2'];
}

/**
 * REC: E43/E44 were replaced by E45-E48 from the 2019 schema (LIIA), but the published sample returns use E45-E48
 * in 2017-18 too, and a repeated episode can carry a code from another year's list: the union is accepted in every
 * year (recorded here as a deliberate tolerance).
 */
export function reasonCeasedFor(_collectionYear: number | null): readonly string[] {
  return REASON_EPISODE_CEASED;
}

/** The shared placement category of an SSDA903 PLACE code; throws on a code that is not in any year's list. */
export function placementCategory(place: string): PlacementCategory {
  const category = PLACEMENT_TYPE[place];
  if (!category) throw new RangeError(`"${place}" is not an SSDA903 placement type (PLACE) code`);
  return category;
}

/**
 * Semi-independent and independent living settings: not regulated for children under 16 (placing under-16s there
 * has been unlawful since September 2021), so such placements are flagged.
 */
export const UNREGULATED_FOR_UNDER_16: readonly string[] = ['H5', 'P2'];
