import { parse } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import {
  NEED_FLAGS,
  POSTCODE_DISTRICT_PATTERN,
  SETTING_TYPES,
  type NeedFlag,
  type SettingType,
  type RegistrationStatus,
  URN_PATTERN,
} from '@rcc/contracts';
import type { ProviderSector } from '../providers/provider.entity.js';
import { localAuthorityCode } from './local-authorities.js';

/**
 * Reads the Ofsted / DfE provider-list layouts (SSDA903.md "Provider lists"): the children's homes list, the social
 * care providers list and the 2025 combined list ("Providers" and "SA Providers" sheets), as CSV or xlsx. Column names
 * are matched case-insensitively against each layout's spelling. Every problem is reported per row and column, and
 * only rows without one are returned: the caller imports those (lenient) or refuses the file (strict). The lists'
 * own non-values are read as what they mean: "-" is not given, and the known texts Ofsted puts where a grade goes
 * ("Not provided as service is inspected as part of the ILACS inspection") are "not graded", the text kept.
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

type Field =
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
  | 'topCompany'
  | 'minAge'
  | 'maxAge'
  | 'sex'
  | 'frameworks';

/** Each field's column name in the different layouts, first match wins. */
const COLUMNS: Record<Field, string[]> = {
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
  topCompany: ['top_company', 'top company (as listed on companies house)', 'top company'],
  minAge: ['minimum age'],
  maxAge: ['maximum age'],
  sex: ['sex'],
  frameworks: ['frameworks'],
};
const REQUIRED: Field[] = ['urn', 'settingName', 'ownerName', 'providerType', 'sector', 'status'];

const NEED_COLUMNS: Record<string, NeedFlag> = {
  'emotional and behavioural difficulties': 'emotional-behavioural',
  'mental disorders': 'mental-disorders',
  'sensory impairment': 'sensory-impairment',
  'present alcohol problems': 'alcohol',
  'present drug problems': 'drugs',
  'learning difficulty': 'learning-difficulty',
  'physical disabilities': 'physical-disability',
};

const TYPES: Record<string, SettingType> = {
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
const OUT_OF_SCOPE = new Set([
  'voluntary adoption agency',
  'adoption support agency',
  'local authority adoption agency',
  'residential holiday scheme for disabled children',
  'boarding school',
  'further education college with residential accommodation',
]);

const SECTORS: Record<string, ProviderSector> = {
  private: 'private',
  voluntary: 'voluntary',
  'local authority': 'local-authority',
  health: 'health',
  'health authority': 'health',
};

const STATUSES: Record<string, RegistrationStatus> = {
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

const GRADES: Record<string, OfstedGrade | null> = {
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
const NOT_GRADED = [
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
const WITHHELD: ReadonlySet<Field> = new Set(['settingName', 'ownerName', 'postcode', 'topCompany']);

const TRUE = new Set(['y', 'yes', 'true', '1', 'x']);
const FALSE = new Set(['', 'n', 'no', 'false', '0']);

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

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();

type Cell = string | number | boolean | Date | null | undefined;

/** A dash alone ("-", en or em dash) is the lists' way of saying "not given". */
const NOT_GIVEN = /^[-\u2013\u2014]$/;

function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const text = String(value).trim();
  return NOT_GIVEN.test(text) ? '' : text;
}

/** dd/mm/yyyy (the lists' spelling), yyyy-mm-dd, an xlsx date cell or an Excel serial day number. */
export function parseListDate(value: Cell): string | null | 'invalid' {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string' && (value.trim() === '' || NOT_GIVEN.test(value.trim()))) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1 || value > 80_000) return 'invalid';
    return new Date(Date.UTC(1899, 11, 30) + value * 86_400_000).toISOString().slice(0, 10);
  }
  const text = String(value).trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)))
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return 'invalid';
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'invalid';
  if (y < 1900 || y > 2100) return 'invalid';
  return date.toISOString().slice(0, 10);
}

/** "ST4 2AB", "ST4 2" or "ST4" to the district "ST4"; the full postcode is never kept. */
export function postcodeDistrict(value: string): string | null | 'invalid' {
  const text = value.toUpperCase().replace(/\s+/g, ' ').trim();
  if (text === '') return null;
  const outward = text.includes(' ') ? text.split(' ')[0]! : text.length > 4 ? text.slice(0, -3) : text;
  return POSTCODE_DISTRICT_PATTERN.test(outward) ? outward : 'invalid';
}

/** "framework:WM Residential 2024:1/2; dps:WM Supported Accommodation DPS:3" */
export function parseFrameworks(value: string): FrameworkMembership[] | 'invalid' {
  if (value.trim() === '') return [];
  const out: FrameworkMembership[] = [];
  for (const part of value
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kind, name, lots] = part.split(':').map((p) => p.trim());
    if (!kind || !(FRAMEWORK_KINDS as readonly string[]).includes(kind.toLowerCase()) || !name || name.length > 200)
      return 'invalid';
    const lotList = (lots ?? '')
      .split('/')
      .map((l) => l.trim())
      .filter(Boolean);
    if (lotList.some((l) => !/^[A-Za-z0-9 .-]{1,40}$/.test(l))) return 'invalid';
    out.push({ kind: kind.toLowerCase() as FrameworkKind, name, lots: lotList });
  }
  return out;
}

interface Sheet {
  name: string;
  rows: Cell[][];
}

async function readSheets(fileName: string, content: Buffer): Promise<Sheet[]> {
  if (/\.xlsx$/i.test(fileName)) {
    const sheets = await readXlsxFile(content);
    return sheets.map((s) => ({ name: s.sheet, rows: s.data as Cell[][] }));
  }
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
  return [{ name: fileName, rows }];
}

/** Parses one provider-list file (CSV or xlsx). */
export async function parseProviderList(fileName: string, content: Buffer): Promise<ParsedProviderList> {
  const errors: ImportError[] = [];
  const rows: ProviderListRow[] = [];
  let outOfScope = 0;
  let sheets: Sheet[];
  try {
    sheets = await readSheets(fileName, content);
  } catch (error) {
    return {
      rows,
      outOfScope,
      errors: [
        { file: fileName, row: 0, column: '', value: '', message: `cannot read file: ${(error as Error).message}` },
      ],
    };
  }
  const listSheets = sheets.filter((s) => {
    const header = (s.rows[0] ?? []).map((c) => norm(cellText(c)));
    return header.includes('urn') && COLUMNS.providerType.some((c) => header.includes(c));
  });
  if (listSheets.length === 0) {
    errors.push({
      file: fileName,
      row: 1,
      column: 'URN',
      value: '',
      message: 'no sheet with a provider-list header (URN and Provider type / Provision type columns)',
    });
    return { rows, errors, outOfScope };
  }
  for (const sheet of listSheets) {
    const label = sheets.length > 1 ? `${fileName}#${sheet.name}` : fileName;
    const header = (sheet.rows[0] ?? []).map((c) => cellText(c));
    const normalised = header.map(norm);
    const index = {} as Record<Field, number>;
    for (const field of Object.keys(COLUMNS) as Field[]) {
      index[field] = COLUMNS[field].map((c) => normalised.indexOf(c)).find((i) => i >= 0) ?? -1;
    }
    const needIndex = Object.entries(NEED_COLUMNS)
      .map(([column, flag]) => ({ flag, i: normalised.indexOf(column), column }))
      .filter((n) => n.i >= 0);
    const missing = REQUIRED.filter((f) => index[f] < 0);
    if (missing.length > 0) {
      for (const f of missing)
        errors.push({
          file: label,
          row: 1,
          column: COLUMNS[f][0]!,
          value: '',
          message: `missing column (any of: ${COLUMNS[f].join(', ')})`,
        });
      continue;
    }
    for (let r = 1; r < sheet.rows.length; r++) {
      const raw = sheet.rows[r] ?? [];
      if (raw.every((c) => cellText(c) === '')) continue;
      const rowNo = r + 1;
      const rowErrors: ImportError[] = [];
      const get = (f: Field): Cell => (index[f] >= 0 ? raw[index[f]] : undefined);
      const text = (f: Field) => cellText(get(f));
      const fail = (f: Field | string, value: Cell, message: string) =>
        rowErrors.push({
          file: label,
          row: rowNo,
          column: f in index ? header[index[f as Field]]! : f,
          value: WITHHELD.has(f as Field) ? '' : cellText(value),
          message: WITHHELD.has(f as Field) ? `${message} (value withheld)` : message,
        });

      const typeText = norm(text('providerType'));
      const subtype = norm(text('providerSubtype'));
      if (OUT_OF_SCOPE.has(typeText)) {
        outOfScope += 1;
        continue;
      }
      let settingType = TYPES[typeText];
      if (settingType === 'childrens-home' && subtype.includes('secure')) settingType = 'secure-childrens-home';
      if (!settingType)
        fail(
          'providerType',
          get('providerType'),
          `unknown provision type (expected one of the Ofsted types for ${SETTING_TYPES.join(', ')})`,
        );

      const urn = text('urn').toUpperCase();
      if (!URN_PATTERN.test(urn)) fail('urn', get('urn'), 'URN must be 1-10 letters or digits (e.g. SC999999)');
      const settingName = text('settingName');
      if (settingName.length < 1 || settingName.length > 200)
        fail('settingName', get('settingName'), 'setting name is required (at most 200 characters)');
      const ownerName = text('ownerName');
      if (ownerName.length < 2 || ownerName.length > 200)
        fail('ownerName', get('ownerName'), 'owner / organisation name is required (2-200 characters)');
      const sector = SECTORS[norm(text('sector'))];
      if (!sector)
        fail('sector', get('sector'), 'sector must be Private, Voluntary, Local Authority or Health Authority');

      const closedDate = parseListDate(get('closedDate'));
      if (closedDate === 'invalid') fail('closedDate', get('closedDate'), 'not a date (dd/mm/yyyy)');
      let status = STATUSES[norm(text('status'))];
      if (!status)
        fail(
          'status',
          get('status'),
          `unknown registration status (expected one of: ${Object.keys(STATUSES).join(', ')})`,
        );
      if (status && closedDate && closedDate !== 'invalid' && status !== 'closed') status = 'closed';

      const registrationDate = parseListDate(get('registrationDate'));
      if (registrationDate === 'invalid') fail('registrationDate', get('registrationDate'), 'not a date (dd/mm/yyyy)');
      if (
        registrationDate &&
        closedDate &&
        registrationDate !== 'invalid' &&
        closedDate !== 'invalid' &&
        closedDate < registrationDate
      )
        fail('closedDate', get('closedDate'), 'closed before it was registered');

      const placesText = text('places');
      const places = placesText === '' ? 0 : Number(placesText);
      if (!Number.isInteger(places) || places < 0 || places > 10_000)
        fail('places', get('places'), 'registered places must be a whole number from 0 to 10000');

      const gradeKey = norm(text('grade'));
      const gradeNote = NOT_GRADED.some((p) => p.test(gradeKey)) ? text('grade').slice(0, 300) : null;
      const ofstedGrade = gradeKey in GRADES ? GRADES[gradeKey]! : gradeNote ? null : undefined;
      if (ofstedGrade === undefined)
        fail(
          'grade',
          get('grade'),
          `not an Ofsted grade (${OFSTED_GRADES.join(', ')}, blank, or a known "not graded" text such as "Not yet inspected")`,
        );

      const district = postcodeDistrict(text('postcode'));
      if (district === 'invalid') fail('postcode', get('postcode'), 'not a UK postcode or postcode district');

      const needFlags: NeedFlag[] = [];
      for (const n of needIndex) {
        const v = norm(cellText(raw[n.i]));
        if (TRUE.has(v)) needFlags.push(n.flag);
        else if (!FALSE.has(v)) fail(header[n.i]!, raw[n.i], 'need flag must be Y or N (or blank)');
      }

      const frameworks = parseFrameworks(text('frameworks'));
      if (frameworks === 'invalid')
        fail('frameworks', get('frameworks'), 'frameworks are "framework|dps:Name:lot/lot", separated by ";"');

      const [defMin, defMax] = settingType ? DEFAULT_AGES[settingType] : [0, 17];
      const age = (f: 'minAge' | 'maxAge', fallback: number) => {
        const t = text(f);
        if (t === '') return fallback;
        const n = Number(t);
        if (!Number.isInteger(n) || n < 0 || n > 25) {
          fail(f, get(f), 'age must be a whole number of years from 0 to 25');
          return fallback;
        }
        return n;
      };
      const ageMin = age('minAge', defMin);
      const ageMax = age('maxAge', defMax);
      if (ageMin > ageMax) fail('maxAge', get('maxAge'), 'maximum age is below the minimum age');
      const sexText = norm(text('sex'));
      const sex = (sexText === '' ? 'mixed' : sexText) as SettingSex;
      if (!SETTING_SEXES.includes(sex)) fail('sex', get('sex'), 'sex must be Male, Female or Mixed');

      const la = text('localAuthority');
      if (rowErrors.length > 0) {
        errors.push(...rowErrors);
        continue;
      }
      rows.push({
        file: label,
        row: rowNo,
        urn,
        settingName,
        ownerName,
        sector: sector!,
        topCompany: text('topCompany') || null,
        settingType: settingType!,
        registeredPlaces: places,
        needFlags: NEED_FLAGS.filter((f) => needFlags.includes(f)),
        localAuthority: la || null,
        localAuthorityCode: la ? localAuthorityCode(la) : null,
        postcodeDistrict: district as string | null,
        registrationStatus: status!,
        registrationDate: registrationDate as string | null,
        closedDate: closedDate as string | null,
        ofstedGrade: ofstedGrade!,
        ofstedGradeNote: gradeNote,
        frameworks: frameworks as FrameworkMembership[],
        ageMin,
        ageMax,
        sex,
      });
    }
  }
  return { rows, errors, outOfScope };
}

/** Parses several files; a URN listed twice (in one file or across files) is an error on its second row. */
export async function parseProviderLists(files: { name: string; content: Buffer }[]): Promise<ParsedProviderList> {
  const all: ParsedProviderList = { rows: [], errors: [], outOfScope: 0 };
  const seen = new Map<string, ProviderListRow>();
  for (const f of files) {
    const parsed = await parseProviderList(f.name, f.content);
    all.errors.push(...parsed.errors);
    all.outOfScope += parsed.outOfScope;
    for (const row of parsed.rows) {
      const first = seen.get(row.urn);
      if (first) {
        all.errors.push({
          file: row.file,
          row: row.row,
          column: 'URN',
          value: row.urn,
          message: `URN listed twice (first at ${first.file} row ${first.row})`,
        });
        continue;
      }
      seen.set(row.urn, row);
      all.rows.push(row);
    }
  }
  return all;
}
