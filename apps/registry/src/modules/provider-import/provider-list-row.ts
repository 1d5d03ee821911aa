import { NEED_FLAGS, SETTING_TYPES, URN_PATTERN, type NeedFlag, type SettingType } from '@rcc/contracts';
import { cellText, norm, parseFrameworks, parseListDate, postcodeDistrict, type Cell } from './provider-list-cells.js';
import { localAuthorityCode } from './local-authorities.js';
import {
  DEFAULT_AGES,
  FALSE,
  GRADES,
  NOT_GRADED,
  OFSTED_GRADES,
  OUT_OF_SCOPE,
  SECTORS,
  SETTING_SEXES,
  STATUSES,
  TRUE,
  TYPES,
  WITHHELD,
  type Field,
  type FrameworkMembership,
  type ImportError,
  type ProviderListRow,
  type SettingSex,
} from './provider-list-vocabulary.js';

/** Where a sheet's fields stand: found by the header phase (provider-list-sheets.ts). */
export interface SheetColumns {
  label: string;
  header: string[];
  index: Record<Field, number>;
  needIndex: { flag: NeedFlag; i: number; column: string }[];
}

export type RowResult = { row: ProviderListRow } | { errors: ImportError[] } | 'out-of-scope';

/** One data row's cells and the problems found in them, each reported against its column. */
class RowReader {
  readonly errors: ImportError[] = [];
  constructor(
    private readonly columns: SheetColumns,
    readonly raw: Cell[],
    readonly rowNo: number,
  ) {}

  get(f: Field): Cell {
    return this.columns.index[f] >= 0 ? this.raw[this.columns.index[f]] : undefined;
  }

  text(f: Field): string {
    return cellText(this.get(f));
  }

  fail(f: Field | string, value: Cell, message: string): void {
    const { index, header, label } = this.columns;
    const withheld = WITHHELD.has(f as Field);
    this.errors.push({
      file: label,
      row: this.rowNo,
      column: f in index ? header[index[f as Field]]! : f,
      value: withheld ? '' : cellText(value),
      message: withheld ? `${message} (value withheld)` : message,
    });
  }
}

function readSettingType(r: RowReader): SettingType | undefined {
  const subtype = norm(r.text('providerSubtype'));
  let settingType = TYPES[norm(r.text('providerType'))];
  if (settingType === 'childrens-home' && subtype.includes('secure')) settingType = 'secure-childrens-home';
  if (!settingType)
    r.fail(
      'providerType',
      r.get('providerType'),
      `unknown provision type (expected one of the Ofsted types for ${SETTING_TYPES.join(', ')})`,
    );
  return settingType;
}

function readIdentity(r: RowReader) {
  const urn = r.text('urn').toUpperCase();
  if (!URN_PATTERN.test(urn)) r.fail('urn', r.get('urn'), 'URN must be 1-10 letters or digits (e.g. SC999999)');
  const settingName = r.text('settingName');
  if (settingName.length < 1 || settingName.length > 200)
    r.fail('settingName', r.get('settingName'), 'setting name is required (at most 200 characters)');
  const ownerName = r.text('ownerName');
  if (ownerName.length < 2 || ownerName.length > 200)
    r.fail('ownerName', r.get('ownerName'), 'owner / organisation name is required (2-200 characters)');
  const sector = SECTORS[norm(r.text('sector'))];
  if (!sector)
    r.fail('sector', r.get('sector'), 'sector must be Private, Voluntary, Local Authority or Health Authority');
  return { urn, settingName, ownerName, sector: sector!, topCompany: r.text('topCompany') || null };
}

function readRegistration(r: RowReader) {
  const closedDate = parseListDate(r.get('closedDate'));
  if (closedDate === 'invalid') r.fail('closedDate', r.get('closedDate'), 'not a date (dd/mm/yyyy)');
  let status = STATUSES[norm(r.text('status'))];
  if (!status)
    r.fail(
      'status',
      r.get('status'),
      `unknown registration status (expected one of: ${Object.keys(STATUSES).join(', ')})`,
    );
  if (status && closedDate && closedDate !== 'invalid' && status !== 'closed') status = 'closed';

  const registrationDate = parseListDate(r.get('registrationDate'));
  if (registrationDate === 'invalid') r.fail('registrationDate', r.get('registrationDate'), 'not a date (dd/mm/yyyy)');
  if (
    registrationDate &&
    closedDate &&
    registrationDate !== 'invalid' &&
    closedDate !== 'invalid' &&
    closedDate < registrationDate
  )
    r.fail('closedDate', r.get('closedDate'), 'closed before it was registered');

  const placesText = r.text('places');
  const places = placesText === '' ? 0 : Number(placesText);
  if (!Number.isInteger(places) || places < 0 || places > 10_000)
    r.fail('places', r.get('places'), 'registered places must be a whole number from 0 to 10000');

  const gradeKey = norm(r.text('grade'));
  const gradeNote = NOT_GRADED.some((p) => p.test(gradeKey)) ? r.text('grade').slice(0, 300) : null;
  const ofstedGrade = gradeKey in GRADES ? GRADES[gradeKey]! : gradeNote ? null : undefined;
  if (ofstedGrade === undefined)
    r.fail(
      'grade',
      r.get('grade'),
      `not an Ofsted grade (${OFSTED_GRADES.join(', ')}, blank, or a known "not graded" text such as "Not yet inspected")`,
    );
  const inspectedOn = parseListDate(r.get('inspectionDate'));
  if (inspectedOn === 'invalid') r.fail('inspectionDate', r.get('inspectionDate'), 'not a date (dd/mm/yyyy)');
  return {
    registeredPlaces: places,
    registrationStatus: status!,
    registrationDate: registrationDate as string | null,
    closedDate: closedDate as string | null,
    ofstedGrade: ofstedGrade!,
    ofstedGradeNote: gradeNote,
    ofstedInspectedOn: inspectedOn as string | null,
  };
}

function readPlace(r: RowReader, columns: SheetColumns) {
  const district = postcodeDistrict(r.text('postcode'));
  if (district === 'invalid') r.fail('postcode', r.get('postcode'), 'not a UK postcode or postcode district');

  const needFlags: NeedFlag[] = [];
  for (const n of columns.needIndex) {
    const v = norm(cellText(r.raw[n.i]));
    if (TRUE.has(v)) needFlags.push(n.flag);
    else if (!FALSE.has(v)) r.fail(columns.header[n.i]!, r.raw[n.i], 'need flag must be Y or N (or blank)');
  }

  const frameworks = parseFrameworks(r.text('frameworks'));
  if (frameworks === 'invalid')
    r.fail('frameworks', r.get('frameworks'), 'frameworks are "framework|dps:Name:lot/lot", separated by ";"');

  const la = r.text('localAuthority');
  return {
    needFlags: NEED_FLAGS.filter((f) => needFlags.includes(f)),
    localAuthority: la || null,
    localAuthorityCode: la ? localAuthorityCode(la) : null,
    postcodeDistrict: district as string | null,
    frameworks: frameworks as FrameworkMembership[],
  };
}

function readAgesAndSex(r: RowReader, settingType: SettingType | undefined) {
  const [defMin, defMax] = settingType ? DEFAULT_AGES[settingType] : [0, 17];
  const age = (f: 'minAge' | 'maxAge', fallback: number) => {
    const t = r.text(f);
    if (t === '') return fallback;
    const n = Number(t);
    if (!Number.isInteger(n) || n < 0 || n > 25) {
      r.fail(f, r.get(f), 'age must be a whole number of years from 0 to 25');
      return fallback;
    }
    return n;
  };
  const ageMin = age('minAge', defMin);
  const ageMax = age('maxAge', defMax);
  if (ageMin > ageMax) r.fail('maxAge', r.get('maxAge'), 'maximum age is below the minimum age');
  const sexText = norm(r.text('sex'));
  const sex = (sexText === '' ? 'mixed' : sexText) as SettingSex;
  if (!SETTING_SEXES.includes(sex)) r.fail('sex', r.get('sex'), 'sex must be Male, Female or Mixed');
  return { ageMin, ageMax, sex };
}

/** One data row: out of scope (a provision type that is not a place for children in care), its errors, or the row. */
export function parseProviderRow(columns: SheetColumns, raw: Cell[], rowNo: number): RowResult {
  const r = new RowReader(columns, raw, rowNo);
  if (OUT_OF_SCOPE.has(norm(r.text('providerType')))) return 'out-of-scope';
  const settingType = readSettingType(r);
  const identity = readIdentity(r);
  const registration = readRegistration(r);
  const place = readPlace(r, columns);
  const agesAndSex = readAgesAndSex(r, settingType);
  if (r.errors.length > 0) return { errors: r.errors };
  return {
    row: {
      file: columns.label,
      row: rowNo,
      ...identity,
      settingType: settingType!,
      ...registration,
      ...place,
      ...agesAndSex,
    },
  };
}
