/**
 * The rules of the DfE's explore-education-statistics (EES) data screener that apply to files like ours, written
 * from the DfE's open data standards (dfe-analytical-services.github.io/analysts-guide/statistics-production/ud.html,
 * "ud" below), each named after the screener check it mirrors (github.com/dfe-analytical-services/eesyscreener;
 * GPL-3, so names only, no code taken). Independent of the code that writes the files: its own lists, its own CSV
 * reader. Not every screener check: none that needs
 * the DfE's full lookup tables (it checks our codes' shapes and that the geography columns agree with each other).
 */

export interface ScreenedFile {
  /** File name with extension, e.g. `x.csv`. */
  name: string;
  content: string;
}

export interface ScreenerFailure {
  file: string;
  check: string;
  message: string;
}

/** ud "List of allowable time values": identifier → digits of time_period; groups that may share a file. */
const MONTHS = 'January February March April May June July August September October November December'.split(' ');
const TIME_GROUPS: { identifiers: string[]; digits: 4 | 6 }[] = [
  { identifiers: ['Calendar year'], digits: 4 },
  { identifiers: ['Reporting year'], digits: 4 },
  { identifiers: ['Academic year'], digits: 6 },
  { identifiers: ['Financial year'], digits: 6 },
  { identifiers: ['Financial year Q1', 'Financial year Q2', 'Financial year Q3', 'Financial year Q4'], digits: 6 },
  { identifiers: ['Part 1 (April to September)', 'Part 2 (October to March)'], digits: 6 },
  { identifiers: ['Tax year'], digits: 6 },
  { identifiers: ['Autumn term', 'Spring term', 'Summer term'], digits: 6 },
  { identifiers: ['Autumn and spring term'], digits: 6 },
  { identifiers: MONTHS, digits: 4 },
  { identifiers: Array.from({ length: 52 }, (_, i) => `Week ${i + 1}`), digits: 4 },
];

/** ud "Allowable geographic levels" (those a region's files can use): the columns each level must complete. */
const LEVELS: Record<string, { rank: number; columns: string[] }> = {
  National: { rank: 0, columns: ['country_code', 'country_name'] },
  Regional: { rank: 1, columns: ['region_code', 'region_name'] },
  'Local authority': { rank: 2, columns: ['old_la_code', 'new_la_code', 'la_name'] },
};
const OTHER_LEVELS = [
  'Local authority district',
  'RSC region',
  'Parliamentary constituency',
  'Local skills improvement plan area',
  'Local enterprise partnership',
  'English devolved area',
  'Opportunity area',
  'Ward',
  'MAT',
  'Sponsor',
  'School',
  'Provider',
  'Institution',
  'Planning area',
  'Police force area',
];
const CODE_SHAPES: Record<string, RegExp> = {
  country_code: /^[EKNSW]92000001$/,
  region_code: /^E12\d{6}$/,
  new_la_code: /^E(06|08|09|10)\d{6}$/,
  old_la_code: /^\d{3}$/,
};

/** ud "Mandatory columns" and "Mandatory EES metadata columns". */
const REQUIRED_DATA = ['time_period', 'time_identifier', 'geographic_level', 'country_code', 'country_name'];
const REQUIRED_META = [
  'col_name',
  'col_type',
  'label',
  'indicator_grouping',
  'indicator_unit',
  'indicator_dp',
  'filter_hint',
  'filter_grouping_column',
];
/** Columns EES reads itself: never in the metadata file (screener check_meta_geog_catch). */
const STANDARD = new Set([...REQUIRED_DATA, 'region_code', 'region_name', 'old_la_code', 'new_la_code', 'la_name']);
/** ud "Data symbols" (`~` and `:` are obsolete) and "indicator_unit". */
const SYMBOLS = new Set(['c', 'low', 'u', 'x', 'z']);
const UNITS = new Set(['', '%', 'pp', '£', '£m']);
const NUMBER = /^-?\d+(\.\d+)?$/;
const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
/** ud "File names": letters, numbers, underscores, hyphens; lower case for EES. */
const FILE_NAME = /^[a-z0-9_-]+$/;

/** RFC 4180 CSV: quoted fields with doubled quotes; every record must have the header's width. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += ch;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Screens data files and their metadata files together, as the screener does; [] when every check passes. */
export function screenEes(files: readonly ScreenedFile[]): ScreenerFailure[] {
  const out: ScreenerFailure[] = [];
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const f of files) {
    if (f.name.endsWith('.meta.csv')) {
      if (!byName.has(f.name.replace(/\.meta\.csv$/, '.csv')))
        out.push({ file: f.name, check: 'check_filenames_match', message: 'a metadata file with no data file' });
      continue;
    }
    const fail = (check: string, message: string) => out.push({ file: f.name, check, message });
    if (!f.name.endsWith('.csv')) {
      fail('check_filename_special', 'a data file must be .csv');
      continue;
    }
    if (!FILE_NAME.test(f.name.replace(/\.csv$/, '')))
      fail('check_filename_special', 'file names must be lower case letters, numbers, _ or - (ud "File names")');
    const metaFile = byName.get(f.name.replace(/\.csv$/, '.meta.csv'));
    if (!metaFile) {
      fail('check_filenames_match', `no metadata file ${f.name.replace(/\.csv$/, '.meta.csv')} beside it`);
    }
    screenPair(f, metaFile, fail);
  }
  return out;
}

function screenPair(f: ScreenedFile, metaFile: ScreenedFile | undefined, fail: (c: string, m: string) => void) {
  const [header = [], ...rows] = parseCsv(f.content);
  if (rows.length === 0) return fail('check_empty_rows', 'the data file has no rows');
  rows.forEach((r, i) => {
    if (r.length !== header.length) fail('precheck_col_to_rows', `row ${i + 2} has ${r.length} of ${header.length}`);
  });
  const col = (name: string) => header.indexOf(name);
  const values = (name: string) => rows.map((r) => r[col(name)] ?? '');
  for (const name of header) {
    if (!SNAKE.test(name)) fail('check_col_snake_case', `column ${name} is not snake_case`);
  }
  if (new Set(header).size !== header.length) fail('precheck_col_name_duplicate', 'duplicate column names');
  const missing = REQUIRED_DATA.filter((c) => !header.includes(c));
  if (missing.length > 0) return fail('precheck_col_req_data', `missing required columns: ${missing.join(', ')}`);

  // Time: allowed identifiers, one group per file, digits per identifier, six digits are consecutive years.
  const identifiers = new Set(values('time_identifier'));
  const groups = new Set<number>();
  for (const id of identifiers) {
    const g = TIME_GROUPS.findIndex((t) => t.identifiers.includes(id));
    if (g < 0) fail('precheck_time_identifier', `"${id}" is not an allowed time_identifier`);
    else groups.add(g);
  }
  if (groups.size > 1) fail('check_time_identifier_mix', 'time identifiers from different groups in one file');
  rows.forEach((r, i) => {
    const g = TIME_GROUPS.find((t) => t.identifiers.includes(r[col('time_identifier')]!));
    const period = r[col('time_period')]!;
    if (!g) {
      if (!/^\d{4}(\d{2})?$/.test(period))
        fail('check_time_period', `row ${i + 2}: time_period ${period} is neither 4 nor 6 digits`);
      return;
    }
    if (!new RegExp(`^\\d{${g.digits}}$`).test(period))
      fail(
        'check_time_period',
        `row ${i + 2}: time_period ${period} must be ${g.digits} digits for ${g.identifiers[0]}`,
      );
    else if (g.digits === 6 && (Number(period.slice(0, 4)) + 1) % 100 !== Number(period.slice(4)))
      fail('check_time_period_six', `row ${i + 2}: ${period} is not two consecutive years`);
  });

  // Geography: allowed levels, the columns each level completes, nothing finer filled on a coarser row.
  rows.forEach((r, i) => {
    const level = r[col('geographic_level')]!;
    const spec = LEVELS[level];
    if (!spec) {
      const known = OTHER_LEVELS.includes(level);
      return fail(
        'precheck_geog_level',
        `row ${i + 2}: geographic_level "${level}" ${known ? 'is not used' : 'is not allowed'}`,
      );
    }
    for (const [name, s] of Object.entries(LEVELS)) {
      for (const c of s.columns) {
        const v = col(c) < 0 ? undefined : r[col(c)]!;
        if (s.rank <= spec.rank && (v === undefined || v === ''))
          fail('check_geography_columns_present_and_expected', `row ${i + 2}: ${level} needs ${c}`);
        if (s.rank > spec.rank && v !== undefined && v !== '' && name !== level)
          fail('check_geog_overcompleted_cols', `row ${i + 2}: ${c} is filled on a ${level} row`);
        if (v && CODE_SHAPES[c] && !CODE_SHAPES[c].test(v))
          fail('check_geog_combos', `row ${i + 2}: ${c} "${v}" is not a valid code`);
      }
    }
  });
  if (!metaFile) return;

  // Metadata: required columns, types, labels, and every column of the data file accounted for.
  const [mHeader = [], ...mRows] = parseCsv(metaFile.content);
  const mMissing = REQUIRED_META.filter((c) => !mHeader.includes(c));
  if (mMissing.length > 0) return fail('precheck_col_req_meta', `metadata lacks ${mMissing.join(', ')}`);
  const m = (r: string[], c: string) => r[mHeader.indexOf(c)] ?? '';
  const described = new Set<string>();
  const filters: string[] = [];
  const indicators: string[] = [];
  for (const r of mRows) {
    const name = m(r, 'col_name');
    if (described.has(name)) fail('check_meta_col_name_duplicate', `${name} is described twice`);
    described.add(name);
    if (!header.includes(name)) fail('precheck_cross_meta_to_data', `${name} is not a column of the data file`);
    if (STANDARD.has(name)) fail('check_meta_geog_catch', `${name} is a time/geography column, not metadata`);
    if (m(r, 'label').trim() === '') fail('check_meta_label', `${name} has no label`);
    const type = m(r, 'col_type');
    if (type === 'Filter') {
      filters.push(name);
      if (m(r, 'indicator_unit') || m(r, 'indicator_dp') || m(r, 'indicator_grouping'))
        fail('check_meta_filter_group', `filter ${name} has indicator settings`);
      const grouping = m(r, 'filter_grouping_column');
      if (grouping && !header.includes(grouping))
        fail('check_meta_filter_group_match', `${name}'s filter_grouping_column ${grouping} is not in the data`);
    } else if (type === 'Indicator') {
      indicators.push(name);
      if (m(r, 'filter_hint') || m(r, 'filter_grouping_column'))
        fail('check_meta_indicator_grouping', `indicator ${name} has filter settings`);
      if (!UNITS.has(m(r, 'indicator_unit'))) fail('check_meta_ind_unit', `${name}: unit "${m(r, 'indicator_unit')}"`);
      if (!/^(|\d)$/.test(m(r, 'indicator_dp'))) fail('check_meta_ind_dp_values', `${name}: dp must be 0-9 or blank`);
    } else fail('precheck_col_invalid_meta', `${name}: col_type "${type}" is neither Filter nor Indicator`);
  }
  for (const name of header) {
    if (!STANDARD.has(name) && !described.has(name))
      fail('precheck_cross_data_to_meta', `column ${name} is neither a time/geography column nor in the metadata`);
  }
  if (indicators.length === 0) fail('precheck_col_req_meta', 'no indicator');

  // Filters: no blanks, no stray whitespace, at least two levels, a Total (ud "Filters"; screener filter checks).
  for (const name of filters.filter((n) => header.includes(n))) {
    const v = values(name);
    if (v.some((x) => x === '')) fail('check_filter_blanks', `filter ${name} has blank cells`);
    if (v.some((x) => x !== x.trim())) fail('check_filter_whitespace', `filter ${name} has leading/trailing spaces`);
    if (new Set(v).size < 2) fail('precheck_filter_not_singular', `filter ${name} has fewer than two levels`);
    if (!v.includes('Total')) fail('check_filter_defaults', `filter ${name} has no Total`);
  }
  // Indicators: a number or a DfE symbol in every cell; no blanks, no obsolete symbols.
  for (const name of indicators.filter((n) => header.includes(n))) {
    const bad = [...new Set(values(name).filter((x) => !NUMBER.test(x) && !SYMBOLS.has(x)))];
    if (bad.length > 0)
      fail(
        'check_ind_invalid_entry',
        `indicator ${name} has ${bad.map((b) => `"${b}"`).join(', ')} (ud "Data symbols")`,
      );
  }
  // One row per combination of time, geography and filters (screener check_general_dupes).
  const keyCols = header.filter((c) => !indicators.includes(c));
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const key = JSON.stringify(keyCols.map((c) => r[col(c)]));
    if (seen.has(key)) fail('check_general_dupes', `row ${i + 2} repeats an earlier row's time, geography and filters`);
    seen.add(key);
  });
}
