import type { NeedFlag, RegistrationStatus, SettingType } from '@rcc/contracts';
import type { ProviderSector } from '../providers/provider.entity.js';

/**
 * The provider lists' vocabulary: the result types, each field's column names in the different layouts, and the
 * lists' words for types, sectors, statuses and grades mapped to ours (provider-list.ts reads the lists).
 */

export const FRAMEWORK_KINDS = ['framework', 'dps'] as const;
export type FrameworkKind = (typeof FRAMEWORK_KINDS)[number];
export interface FrameworkMembership {
  kind: FrameworkKind;
  name: string;
  lots: string[];
}

export const SETTING_SEXES = ['male', 'female', 'mixed'] as const;
export type SettingSex = (typeof SETTING_SEXES)[number];

/** Ofsted's own overall-effectiveness scale, in Ofsted's words. */
export const OFSTED_GRADES = ['Outstanding', 'Good', 'Requires improvement to be good', 'Inadequate'] as const;
export type OfstedGrade = (typeof OFSTED_GRADES)[number];

export interface ImportError {
  file: string;
  /** 1-based row in the sheet (the header is row 1). */
  row: number;
  column: string;
  /** The cell as read; '' for columns that may identify a person or locate a home (names, postcodes). */
  value: string;
  message: string;
}

export interface ProviderListRow {
  file: string;
  row: number;
  urn: string;
  settingName: string;
  ownerName: string;
  sector: ProviderSector;
  topCompany: string | null;
  settingType: SettingType;
  registeredPlaces: number;
  needFlags: NeedFlag[];
  localAuthority: string | null;
  localAuthorityCode: string | null;
  postcodeDistrict: string | null;
  registrationStatus: RegistrationStatus;
  registrationDate: string | null;
  closedDate: string | null;
  ofstedGrade: OfstedGrade | null;
  /** The list's words when it gives a text instead of a grade (the setting is not graded). */
  ofstedGradeNote: string | null;
  /** The day of the latest full inspection (the one the grade comes from), when the list gives it. */
  ofstedInspectedOn: string | null;
  frameworks: FrameworkMembership[];
  /** Provider-maintained after the first import (the lists do not carry them): defaults by setting type. */
  ageMin: number;
  ageMax: number;
  sex: SettingSex;
}

export interface ParsedProviderList {
  rows: ProviderListRow[];
  errors: ImportError[];
  /** Rows of provision types the registry does not hold (adoption agencies, holiday schemes...). */
  outOfScope: number;
}

export type Field =
  | 'urn'
  | 'settingName'
  | 'ownerName'
  | 'providerType'
  | 'providerSubtype'
  | 'sector'
  | 'localAuthority'
  | 'postcode'
  | 'registrationDate'
  | 'status'
  | 'closedDate'
  | 'places'
  | 'grade'
  | 'inspectionDate'
  | 'topCompany'
  | 'minAge'
  | 'maxAge'
  | 'sex'
  | 'frameworks';

/** Each field's column name in the different layouts, first match wins. */
export const COLUMNS: Record<Field, string[]> = {
  urn: ['urn'],
  settingName: ['setting name', 'provider name'],
  ownerName: ['owner name', 'organisation name'],
  providerType: ['provider type', 'provision type'],
  providerSubtype: ['provider subtype', 'setting category'],
  sector: ['sector'],
  localAuthority: ['setting local authority', 'local authority'],
  postcode: ['postcode', 'setting postcode', 'postcode area'],
  registrationDate: ['registration date'],
  status: ['registration status', 'provider status', 'setting status'],
  closedDate: ['closed date', 'deregistration date'],
  places: ['number of registered places', 'max users', 'maximum fostering places', 'capacity'],
  grade: ['overall effectiveness', 'latest overall effectiveness grade from last full inspection'],
  inspectionDate: [
    'date of last full inspection',
    'latest full inspection date',
    'date of latest full inspection',
    'inspection date',
    'last inspection date',
  ],
  topCompany: ['top_company', 'top company (as listed on companies house)', 'top company'],
  minAge: ['minimum age'],
  maxAge: ['maximum age'],
  sex: ['sex'],
  frameworks: ['frameworks'],
};
export const REQUIRED: Field[] = ['urn', 'settingName', 'ownerName', 'providerType', 'sector', 'status'];

export const NEED_COLUMNS: Record<string, NeedFlag> = {
  'emotional and behavioural difficulties': 'emotional-behavioural',
  'mental disorders': 'mental-disorders',
  'sensory impairment': 'sensory-impairment',
  'present alcohol problems': 'alcohol',
  'present drug problems': 'drugs',
  'learning difficulty': 'learning-difficulty',
  'physical disabilities': 'physical-disability',
};

export const TYPES: Record<string, SettingType> = {
  'childrens home': 'childrens-home',
  'secure childrens home': 'secure-childrens-home',
  'residential special school': 'residential-special-school',
  'residential family centre': 'residential-family-centre',
  'independent fostering agency': 'independent-fostering-agency',
  'local authority fostering agency': 'local-authority-fostering',
  'local authority fostering': 'local-authority-fostering',
  'supported accommodation': 'supported-accommodation',
  'supported accommodation undertaking': 'supported-accommodation',
};
/** Ofsted provision types that are not places for children in care: counted, not imported. */
export const OUT_OF_SCOPE = new Set([
  'voluntary adoption agency',
  'adoption support agency',
  'local authority adoption agency',
  'residential holiday scheme for disabled children',
  'boarding school',
  'further education college with residential accommodation',
]);

export const SECTORS: Record<string, ProviderSector> = {
  private: 'private',
  voluntary: 'voluntary',
  'local authority': 'local-authority',
  health: 'health',
  'health authority': 'health',
};

export const STATUSES: Record<string, RegistrationStatus> = {
  active: 'registered',
  registered: 'registered',
  open: 'registered',
  approved: 'registered',
  suspended: 'suspended',
  closed: 'closed',
  resigned: 'closed',
  cancelled: 'closed',
  deregistered: 'closed',
  unregistered: 'unregistered',
  'not registered': 'unregistered',
};

export const GRADES: Record<string, OfstedGrade | null> = {
  outstanding: 'Outstanding',
  '1': 'Outstanding',
  good: 'Good',
  '2': 'Good',
  'requires improvement to be good': 'Requires improvement to be good',
  'requires improvement': 'Requires improvement to be good',
  '3': 'Requires improvement to be good',
  inadequate: 'Inadequate',
  '4': 'Inadequate',
  '': null,
};

/**
 * Texts the Ofsted and DfE lists put in the grade column of a setting that has no grade of its own: read as "not
 * graded", the text kept. Anything else that is not a grade rejects the row.
 */
export const NOT_GRADED = [
  /^not yet inspected$/,
  /^not inspected( yet)?$/,
  /^n\/a$/,
  /^not applicable$/,
  /^no (grade|judgement|inspection)( yet)?$/,
  /^awaiting (first )?inspection$/,
  /^not provided\b/, // "Not provided as service is inspected as part of the ILACS inspection"
  /^inspected as part of (the )?ilacs\b/,
];

/** Columns whose values may identify a person (an owner trading in their own name) or locate a home. */
export const WITHHELD: ReadonlySet<Field> = new Set(['settingName', 'ownerName', 'postcode', 'topCompany']);

export const TRUE = new Set(['y', 'yes', 'true', '1', 'x']);
export const FALSE = new Set(['', 'n', 'no', 'false', '0']);

/** Age ranges a setting takes when the list does not say (providers correct their own afterwards). */
export const DEFAULT_AGES: Record<SettingType, [number, number]> = {
  'childrens-home': [8, 17],
  'secure-childrens-home': [10, 17],
  'residential-special-school': [8, 17],
  'residential-family-centre': [0, 17],
  'independent-fostering-agency': [0, 17],
  'local-authority-fostering': [0, 17],
  'supported-accommodation': [16, 17],
};
