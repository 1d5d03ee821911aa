import { parse } from 'csv-parse/sync';
import {
  CATEGORY_OF_NEED,
  ETHNICITY,
  LEGAL_STATUS,
  PLACEMENT_PROVIDER,
  PLACEMENT_TYPES,
  REASON_EPISODE_CEASED,
  REASON_NEW_EPISODE,
  REASON_PLACE_CHANGE,
  SEX,
} from './codes.js';
import { collectionYearOf, parseDate } from './dates.js';

export interface HeaderRow {
  child: string;
  sex: string;
  dob: string;
  ethnic: string;
  upn: string | null;
  mother: string | null;
  mcDob: string | null;
}

export interface EpisodeRow {
  child: string;
  decom: string;
  rne: string;
  ls: string;
  cin: string;
  place: string;
  placeProvider: string | null;
  dec: string | null;
  rec: string | null;
  reasonPlaceChange: string | null;
  homePost: string | null;
  plPost: string | null;
  urn: string | null;
}

/** One problem in one cell (or file): `row` is the line in the file, the column header being line 1. */
export interface ImportError {
  file: string;
  row: number;
  column: string;
  value: string;
  rule: string;
  message: string;
}

export interface ParsedReturn {
  /** The year of the 31 March closing the latest collection year the episodes reach (the LIIA "YEAR"). */
  collectionYear: number | null;
  header: HeaderRow[];
  episodes: EpisodeRow[];
  errors: ImportError[];
  tables: { file: string; table: 'header' | 'episodes'; rows: number }[];
}

type Kind =
  { type: 'text'; pattern?: RegExp; hint?: string } | { type: 'date' } | { type: 'code'; codes: readonly string[] };
interface ColumnSpec {
  column: string;
  field: string;
  required: boolean;
  kind: Kind;
}

const text = (pattern?: RegExp, hint?: string): Kind => ({ type: 'text', pattern, hint });
const date: Kind = { type: 'date' };
const code = (codes: readonly string[]): Kind => ({ type: 'code', codes });
const col = (column: string, field: string, required: boolean, kind: Kind): ColumnSpec => ({
  column,
  field,
  required,
  kind,
});

const HEADER: ColumnSpec[] = [
  col('CHILD', 'child', true, text(/^[A-Za-z0-9_-]{1,20}$/, 'up to 20 letters, digits, - or _')),
  col('SEX', 'sex', true, code(SEX)),
  col('DOB', 'dob', true, date),
  col('ETHNIC', 'ethnic', true, code(ETHNICITY)),
  col('UPN', 'upn', false, text(/^([A-Z]\d{11}[A-Z0-9]|UN[1-5])$/, 'a 13-character UPN or UN1-UN5')),
  col('MOTHER', 'mother', false, code(['0', '1'])),
  col('MC_DOB', 'mcDob', false, date),
];

const EPISODES: ColumnSpec[] = [
  col('CHILD', 'child', true, text(/^[A-Za-z0-9_-]{1,20}$/, 'up to 20 letters, digits, - or _')),
  col('DECOM', 'decom', true, date),
  col('RNE', 'rne', true, code(REASON_NEW_EPISODE)),
  col('LS', 'ls', true, code(LEGAL_STATUS)),
  col('CIN', 'cin', true, code(CATEGORY_OF_NEED)),
  col('PLACE', 'place', true, code(PLACEMENT_TYPES)),
  col('PLACE_PROVIDER', 'placeProvider', false, code(PLACEMENT_PROVIDER)),
  col('DEC', 'dec', false, date),
  col('REC', 'rec', false, code(REASON_EPISODE_CEASED)),
  col('REASON_PLACE_CHANGE', 'reasonPlaceChange', false, code(REASON_PLACE_CHANGE)),
  col('HOME_POST', 'homePost', false, text(/^[A-Z0-9 ]{2,8}$/, 'a postcode or postcode district')),
  col('PL_POST', 'plPost', false, text(/^[A-Z0-9 ]{2,8}$/, 'a postcode or postcode district')),
  col('URN', 'urn', false, text(/^[A-Z0-9]{1,10}$/, 'an Ofsted URN (or XXXXXXX)')),
];

/** The other SSDA903 tables, recognised so the error can say what they are (a later import handles them). */
const OTHER_TABLES: Record<string, string[]> = {
  reviews: ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'],
  uasc: ['CHILD', 'SEX', 'DOB', 'DUC'],
  oc2: ['CHILD', 'DOB', 'SDQ_SCORE', 'SDQ_REASON', 'CONVICTED', 'HEALTH_CHECK', 'IMMUNISATIONS', 'TEETH_CHECK'],
  oc3: ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'],
  ad1: ['CHILD', 'DOB', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'],
  placed_adoption: ['CHILD', 'DOB', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
  prev_perm: ['CHILD', 'DOB', 'PREV_PERM', 'LA_PERM', 'DATE_PERM'],
  missing: ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'],
  social_worker: ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'],
  dolo: ['CHILD', 'DOB', 'DOLO_START', 'DOLO_END'],
};

const TABLES: Record<string, string[]> = {
  header: HEADER.map((c) => c.column),
  episodes: EPISODES.map((c) => c.column),
  ...OTHER_TABLES,
};

type Identified = { table: 'header' | 'episodes'; specs: ColumnSpec[] } | { error: Omit<ImportError, 'file'> };

/** Tables are identified by their columns, never by file name (see SSDA903.md 1.1). */
function identify(columns: string[]): Identified {
  const present = new Set(columns);
  const scored = Object.entries(TABLES)
    .map(([table, expected]) => ({ table, expected, found: expected.filter((c) => present.has(c)).length }))
    .sort(
      (a, b) =>
        Number(b.found === b.expected.length) - Number(a.found === a.expected.length) ||
        b.found - a.found ||
        b.found / b.expected.length - a.found / a.expected.length,
    );
  const best = scored[0]!;
  const fileError = (rule: string, message: string) => ({
    error: { row: 1, column: columns.join(','), value: '', rule, message },
  });
  if (best.found / best.expected.length < 0.5) {
    return fileError(
      'table.unknown',
      `the columns (${columns.join(', ')}) are not an SSDA903 header or episodes table`,
    );
  }
  if (best.table !== 'header' && best.table !== 'episodes') {
    if (best.found === best.expected.length) {
      return fileError(
        'table.unsupported',
        `this is the SSDA903 ${best.table} table, which this import does not read yet: send the header and episodes tables`,
      );
    }
    return fileError(
      'table.unknown',
      `the columns (${columns.join(', ')}) are not an SSDA903 header or episodes table`,
    );
  }
  const missing = best.expected.filter((c) => !present.has(c));
  const unexpected = columns.filter((c) => !best.expected.includes(c));
  if (missing.length > 0 || unexpected.length > 0) {
    const parts = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      unexpected.length > 0 ? `unexpected ${unexpected.join(', ')}` : '',
    ].filter(Boolean);
    return {
      error: {
        row: 1,
        column: [...missing, ...unexpected].join(','),
        value: columns.join(','),
        rule: 'table.columns',
        message: `looks like the ${best.table} table but its columns are wrong: ${parts.join('; ')}`,
      },
    };
  }
  return best.table === 'header' ? { table: 'header', specs: HEADER } : { table: 'episodes', specs: EPISODES };
}

interface Record_ {
  line: number;
  values: Record<string, string>;
}

function readCsv(
  file: string,
  content: string,
  errors: ImportError[],
): { columns: string[]; records: Record_[] } | null {
  if (content.trim() === '') {
    errors.push({ file, row: 1, column: '', value: '', rule: 'file.empty', message: 'the file is empty' });
    return null;
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(content, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as never;
  } catch (error) {
    const e = error as Error & { lines?: number };
    errors.push({
      file,
      row: e.lines ?? 1,
      column: '',
      value: '',
      rule: 'file.csv',
      message: `not valid CSV: ${e.message}`,
    });
    return null;
  }
  const [head, ...body] = rows;
  const columns = head!.record.map((c) => c.toUpperCase());
  const records: Record_[] = [];
  for (const { record, info } of body) {
    if (record.every((v) => v === '')) continue;
    if (record.length !== columns.length) {
      errors.push({
        file,
        row: info.lines,
        column: '',
        value: record.join(','),
        rule: 'row.columns',
        message: `has ${record.length} values but the file has ${columns.length} columns`,
      });
      continue;
    }
    records.push({ line: info.lines, values: Object.fromEntries(columns.map((c, i) => [c, record[i]!])) });
  }
  return { columns, records };
}

function readRow(
  file: string,
  table: string,
  specs: ColumnSpec[],
  rec: Record_,
  errors: ImportError[],
): Record<string, string | null> {
  const row: Record<string, string | null> = {};
  for (const spec of specs) {
    const raw = rec.values[spec.column] ?? '';
    const err = (rule: string, message: string) =>
      errors.push({
        file,
        row: rec.line,
        column: spec.column,
        value: raw,
        rule: `${table}.${spec.column.toLowerCase()}.${rule}`,
        message,
      });
    if (raw === '') {
      if (spec.required) err('required', `${spec.column} is required`);
      row[spec.field] = null;
      continue;
    }
    const kind = spec.kind;
    if (kind.type === 'date') {
      const iso = parseDate(raw);
      if (!iso) err('date', `${spec.column} must be a real date written dd/mm/yyyy`);
      row[spec.field] = iso;
    } else if (kind.type === 'code') {
      const value = raw.toUpperCase();
      if (!kind.codes.includes(value))
        err('code', `${spec.column} "${raw}" is not a valid code (${kind.codes.join(', ')})`);
      row[spec.field] = value;
    } else {
      const value =
        spec.column.endsWith('_POST') || spec.column === 'UPN' || spec.column === 'URN' ? raw.toUpperCase() : raw;
      if (kind.pattern && !kind.pattern.test(value)) err('format', `${spec.column} must be ${kind.hint}`);
      row[spec.field] = value;
    }
  }
  return row;
}

/**
 * Reads and checks one SSDA903 return (its header and episodes tables, as CSV). Everything is checked before
 * anything is returned as usable: the caller stores nothing when `errors` is not empty.
 */
export async function parseReturn(files: { name: string; content: string }[]): Promise<ParsedReturn> {
  const errors: ImportError[] = [];
  const found: {
    file: string;
    table: 'header' | 'episodes';
    rows: Record<string, string | null>[];
    lines: number[];
  }[] = [];
  for (const { name, content } of files) {
    const csv = readCsv(name, content, errors);
    if (!csv) continue;
    const identified = identify(csv.columns);
    if ('error' in identified) {
      errors.push({ file: name, ...identified.error });
      continue;
    }
    const rows = csv.records.map((r) => readRow(name, identified.table, identified.specs, r, errors));
    found.push({ file: name, table: identified.table, rows, lines: csv.records.map((r) => r.line) });
  }
  for (const table of ['header', 'episodes'] as const) {
    const of = found.filter((f) => f.table === table);
    if (of.length === 0) {
      errors.push({
        file: '',
        row: 0,
        column: '',
        value: '',
        rule: `return.${table}.missing`,
        message: `the return has no ${table} table`,
      });
    }
    if (of.length > 1) {
      errors.push({
        file: of.map((f) => f.file).join(', '),
        row: 0,
        column: '',
        value: '',
        rule: `return.${table}.duplicate`,
        message: `the return has ${of.length} ${table} tables; send one`,
      });
    }
  }
  const headerFile = found.find((f) => f.table === 'header');
  const episodeFile = found.find((f) => f.table === 'episodes');
  const header = (headerFile?.rows ?? []) as unknown as HeaderRow[];
  const episodes = (episodeFile?.rows ?? []) as unknown as EpisodeRow[];

  // Checks across rows and tables.
  const dobs = new Map<string, string | null>();
  header.forEach((h, i) => {
    const line = headerFile!.lines[i]!;
    if (h.child === null) return;
    if (dobs.has(h.child)) {
      errors.push({
        file: headerFile!.file,
        row: line,
        column: 'CHILD',
        value: h.child,
        rule: 'header.child.duplicate',
        message: `child ${h.child} appears more than once in the header`,
      });
    }
    dobs.set(h.child, h.dob);
  });
  const keys = new Set<string>();
  episodes.forEach((e, i) => {
    const line = episodeFile!.lines[i]!;
    const file = episodeFile!.file;
    if (e.child === null || e.decom === null) return;
    const key = `${e.child}/${e.decom}`;
    if (keys.has(key)) {
      errors.push({
        file,
        row: line,
        column: 'CHILD,DECOM',
        value: key,
        rule: 'episodes.key.duplicate',
        message: `child ${e.child} has two episodes starting ${e.decom}`,
      });
    }
    keys.add(key);
    if (headerFile && !dobs.has(e.child)) {
      errors.push({
        file,
        row: line,
        column: 'CHILD',
        value: e.child,
        rule: 'episodes.child.not-in-header',
        message: `child ${e.child} has an episode but no header row`,
      });
    }
    if (e.dec !== null && e.dec < e.decom) {
      errors.push({
        file,
        row: line,
        column: 'DEC',
        value: e.dec,
        rule: 'episodes.dec.before-decom',
        message: `the episode ends (${e.dec}) before it starts (${e.decom})`,
      });
    }
    const dob = dobs.get(e.child);
    if (dob && e.decom < dob) {
      errors.push({
        file,
        row: line,
        column: 'DECOM',
        value: e.decom,
        rule: 'episodes.decom.before-dob',
        message: `the episode starts (${e.decom}) before the child's date of birth (${dob})`,
      });
    }
  });

  const dates = episodes.flatMap((e) => [e.decom, e.dec]).filter((d): d is string => d !== null);
  const latest = dates.reduce<string | null>((a, b) => (a === null || b > a ? b : a), null);
  return {
    collectionYear: latest ? collectionYearOf(latest) : null,
    header,
    episodes,
    errors,
    tables: found.map((f) => ({ file: f.file, table: f.table, rows: f.rows.length })),
  };
}
