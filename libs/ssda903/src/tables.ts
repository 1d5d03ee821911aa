import {
  CATEGORY_OF_NEED,
  ETHNICITY,
  LEGAL_STATUS,
  PLACEMENT_PROVIDER,
  placementTypesFor,
  REASON_NEW_EPISODE,
  REASON_PLACE_CHANGE,
  reasonCeasedFor,
  sexCodesFor,
} from './codes.js';

export type Codes = readonly string[] | ((collectionYear: number | null) => readonly string[]);
export type Kind =
  | { type: 'text'; pattern?: RegExp; hint?: string }
  | { type: 'date' }
  | { type: 'int'; min: number; max: number }
  | { type: 'code'; codes: Codes };

export interface ColumnSpec {
  column: string;
  field: string;
  required: boolean;
  kind: Kind;
  /**
   * A column the statutory return does not have but validated extracts carry (the DfE validator's postcode-derived
   * PL_LOCATION and PL_LA): read when present, and the table is still recognised without it.
   */
  derived?: boolean;
}

export const TABLE_NAMES = [
  'header',
  'episodes',
  'uasc',
  'reviews',
  'missing',
  'oc2',
  'oc3',
  'ad1',
  'placed_adoption',
  'prev_perm',
  'social_worker',
  'dolo',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

const text = (pattern?: RegExp, hint?: string): Kind => ({ type: 'text', pattern, hint });
const date: Kind = { type: 'date' };
const int = (min: number, max: number): Kind => ({ type: 'int', min, max });
const code = (codes: Codes): Kind => ({ type: 'code', codes });
const req = (column: string, field: string, kind: Kind): ColumnSpec => ({ column, field, required: true, kind });
const opt = (column: string, field: string, kind: Kind): ColumnSpec => ({ column, field, required: false, kind });

const CHILD = req('CHILD', 'child', text(/^[A-Za-z0-9_-]{1,20}$/, 'up to 20 letters, digits, - or _'));
const DOB = req('DOB', 'dob', date);
const POSTCODE = text(/^[A-Z0-9 ]{2,8}$/, 'a postcode or postcode district');
const FLAG = code(['0', '1']);

/** Every SSDA903 table this platform reads: its columns (the set identifies the table), types and code lists. */
export const TABLES: Record<TableName, ColumnSpec[]> = {
  header: [
    CHILD,
    req('SEX', 'sex', code(sexCodesFor)),
    // Required of each child, not of each row: a regional extract may leave it blank in one year's row and give it
    // in another's, so "child X has no date of birth in any file" is checked across rows (ADR 0044).
    opt('DOB', 'dob', date),
    req('ETHNIC', 'ethnic', code(ETHNICITY)),
    opt('UPN', 'upn', text(/^([A-Z]\d{11}[A-Z0-9]|UN[1-5])$/, 'a 13-character UPN or UN1-UN5')),
    opt('MOTHER', 'mother', FLAG),
    opt('MC_DOB', 'mcDob', date),
  ],
  episodes: [
    CHILD,
    req('DECOM', 'decom', date),
    req('RNE', 'rne', code(REASON_NEW_EPISODE)),
    req('LS', 'ls', code(LEGAL_STATUS)),
    req('CIN', 'cin', code(CATEGORY_OF_NEED)),
    req('PLACE', 'place', code(placementTypesFor)),
    opt('PLACE_PROVIDER', 'placeProvider', code(PLACEMENT_PROVIDER)),
    opt('DEC', 'dec', date),
    opt('REC', 'rec', code(reasonCeasedFor)),
    opt('REASON_PLACE_CHANGE', 'reasonPlaceChange', code(REASON_PLACE_CHANGE)),
    opt('HOME_POST', 'homePost', POSTCODE),
    opt('PL_POST', 'plPost', POSTCODE),
    opt('URN', 'urn', text(/^[A-Z0-9]{1,10}$/, 'an Ofsted URN (or XXXXXXX)')),
    // Derived by the DfE validator from PL_POST (SSDA903.md 1.1): IN or OUT of the council's area, NA if unknown.
    { ...opt('PL_LOCATION', 'plLocation', code(['IN', 'OUT', 'NA'])), derived: true },
    // The upper-tier LA of the placement (ONS code), or SCO, NIR, WAL for the other nations.
    {
      ...opt('PL_LA', 'plLa', text(/^([EWSN]\d{8}|SCO|NIR|WAL|NA)$/, 'an ONS local authority code, or SCO, NIR, WAL')),
      derived: true,
    },
  ],
  uasc: [CHILD, req('SEX', 'sex', code(sexCodesFor)), DOB, opt('DUC', 'duc', date)],
  reviews: [
    CHILD,
    DOB,
    req('REVIEW', 'review', date),
    opt('REVIEW_CODE', 'reviewCode', code(['PN0', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7'])),
  ],
  missing: [
    CHILD,
    DOB,
    req('MISSING', 'missing', code(['M', 'A'])),
    req('MIS_START', 'misStart', date),
    opt('MIS_END', 'misEnd', date),
  ],
  oc2: [
    CHILD,
    DOB,
    opt('SDQ_SCORE', 'sdqScore', int(0, 40)),
    opt('SDQ_REASON', 'sdqReason', code(['SDQ1', 'SDQ2', 'SDQ3', 'SDQ4', 'SDQ5'])),
    opt('CONVICTED', 'convicted', FLAG),
    opt('HEALTH_CHECK', 'healthCheck', FLAG),
    opt('IMMUNISATIONS', 'immunisations', FLAG),
    opt('TEETH_CHECK', 'teethCheck', FLAG),
    opt('HEALTH_ASSESSMENT', 'healthAssessment', FLAG),
    opt('SUBSTANCE_MISUSE', 'substanceMisuse', FLAG),
    opt('INTERVENTION_RECEIVED', 'interventionReceived', FLAG),
    opt('INTERVENTION_OFFERED', 'interventionOffered', FLAG),
  ],
  oc3: [
    CHILD,
    DOB,
    opt('IN_TOUCH', 'inTouch', code(['YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM'])),
    // ACTIV and ACCOM code lists changed in 2022 and the published samples carry values outside both lists:
    // checked for shape only.
    opt('ACTIV', 'activ', text(/^[A-Z0-9]{1,3}$/, 'an activity code such as F1 or G4')),
    opt('ACCOM', 'accom', text(/^[A-Z0-9]{1,3}$/, 'an accommodation code such as B1 or 0')),
  ],
  ad1: [
    CHILD,
    DOB,
    opt('DATE_INT', 'dateInt', date),
    opt('DATE_MATCH', 'dateMatch', date),
    opt('FOSTER_CARE', 'fosterCare', FLAG),
    opt('NB_ADOPTR', 'nbAdoptr', int(1, 2)),
    opt('SEX_ADOPTR', 'sexAdoptr', code(['M1', 'F1', 'MM', 'FF', 'MF'])),
    opt('LS_ADOPTR', 'lsAdoptr', code(['L0', 'L11', 'L12', 'L2', 'L3', 'L4'])),
  ],
  placed_adoption: [
    CHILD,
    DOB,
    req('DATE_PLACED', 'datePlaced', date),
    opt('DATE_PLACED_CEASED', 'datePlacedCeased', date),
    opt('REASON_PLACED_CEASED', 'reasonPlacedCeased', code(['RD1', 'RD2', 'RD3', 'RD4'])),
  ],
  prev_perm: [
    CHILD,
    DOB,
    opt('PREV_PERM', 'prevPerm', code(['P1', 'P2', 'P3', 'P4', 'Z1'])),
    opt('LA_PERM', 'laPerm', text(/^[A-Za-z0-9 ]{1,10}$/, 'a local authority code')),
    // Often partial in practice (only a year is known): kept as given.
    opt('DATE_PERM', 'datePerm', text(/^[0-9zZ/]{4,10}$/, 'a date, or the part of it that is known')),
  ],
  social_worker: [
    CHILD,
    DOB,
    req('SW_ID', 'swId', text(/^[A-Za-z0-9_-]{1,20}$/, 'a social worker id')),
    req('SW_DECOM', 'swDecom', date),
    opt('SW_DEC', 'swDec', date),
    opt(
      'SW_REASON',
      'swReason',
      code(['MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN', 'PCCHAN', 'SWDIED', 'OTHERS']),
    ),
  ],
  // Deprivation of liberty orders (2026-27 return; SSDA903.md 1.1): stored, not yet used by any figure.
  dolo: [CHILD, DOB, req('DOLO_START', 'doloStart', date), opt('DOLO_END', 'doloEnd', date)],
};

/**
 * The first collection year (the year of its 31 March) whose return has the table: social worker episodes from
 * 2023-24 (LIIA schema "2024"), deprivation of liberty orders (DoLO, DfE rules 700-703) from 2026-27. Such a table in
 * an earlier year's return is read and kept, with a warning naming it: never a reason to refuse the return.
 */
export const TABLE_FIRST_YEAR: Partial<Record<TableName, number>> = { social_worker: 2024, dolo: 2027 };

/**
 * The fields that identify a row within one child's records in one return (checked for duplicates); null where a
 * child may have several identical-looking rows (two reviews on one day with different participation codes occur).
 */
export const ROW_KEYS: Record<Exclude<TableName, 'header' | 'episodes'>, string[] | null> = {
  uasc: [],
  reviews: null,
  missing: ['misStart'],
  oc2: [],
  oc3: [],
  ad1: [],
  placed_adoption: ['datePlaced'],
  prev_perm: [],
  social_worker: ['swDecom'],
  dolo: ['doloStart'],
};

/**
 * Columns regional pipelines (LIIA-style extracts, the demand models) add to every table: the council (`LA`) and the
 * collection year (`YEAR`). Accepted beside a table's own columns and not stored (the council is the instance, the
 * year is the return's).
 */
export const EXTRACT_COLUMNS: readonly string[] = ['LA', 'YEAR'];
