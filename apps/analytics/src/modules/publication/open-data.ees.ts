import { ENGLAND, localAuthorityByCode, type LocalAuthority } from '@rcc/contracts';
import type { PublishedValue } from '@rcc/disclosure';
import { servedRows, type StoredVersion } from './publication.format.js';
import { PROFILE_TABLE_NAMES, PROFILE_TABLES, type ProfileTableName } from './publication.tables.js';

/**
 * Open data to the DfE's explore-education-statistics (EES) open data standards
 * (dfe-analytical-services.github.io/analysts-guide/statistics-production/ud.html): one tidy CSV per table with its
 * EES metadata file beside it (`<name>.meta.csv`), the time and geography columns EES requires, filters with `Total`,
 * one indicator per measure, and the DfE symbols for what is not a number. docs/adr/0031.
 */

/** A data file and its metadata file, named as EES requires (`x.csv` and `x.meta.csv`). */
export interface EesFilePair {
  table: ProfileTableName;
  title: string;
  /** File name without extension: lower case letters, digits and hyphens only. */
  name: string;
  data: string;
  meta: string;
}

/** Refused to build a file: the published figures cannot be placed in an EES geography. */
export class OpenDataGeographyError extends Error {}

/** The DfE symbol for each marker (ud.html "Data symbols": `low` replaces the obsolete `~`, GSS's `[low]`). */
const SYMBOLS: Readonly<Record<string, string>> = { c: 'c', z: 'z', k: 'low', x: 'x', u: 'u' };

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A count at one day. The DfE publishes children looked after at 31 March as `Reporting year` with the four-digit
 * year ("use Reporting year if your data is collected on a specific day"); another month-end is that month with its
 * four-digit year (EES's month identifiers). One identifier per file, as EES requires.
 */
export function eesTime(asAt: string): { timePeriod: string; timeIdentifier: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asAt);
  if (!m) throw new RangeError(`as-at date ${asAt} is not YYYY-MM-DD`);
  const [, year, month, day] = m;
  if (month === '03' && day === '31') return { timePeriod: year!, timeIdentifier: 'Reporting year' };
  return { timePeriod: year!, timeIdentifier: MONTHS[Number(month) - 1]! };
}

/**
 * The geography of a version: each member council's, and the ONS region that holds them all (the pooled figures are
 * published at `Regional` level). EES has no level for a group of councils across regions, so such a region gets no
 * EES files (the JSON is still served).
 */
export function eesGeography(members: readonly string[]): {
  region: { code: string; name: string };
  councils: Map<string, LocalAuthority>;
} {
  const councils = new Map<string, LocalAuthority>();
  for (const code of members) {
    const la = localAuthorityByCode(code);
    if (!la) throw new OpenDataGeographyError(`no DfE/ONS geography is known for member council ${code}`);
    councils.set(code, la);
  }
  const regions = new Set([...councils.values()].map((la) => la.regionCode));
  if (regions.size !== 1) {
    throw new OpenDataGeographyError(
      `the member councils lie in ${regions.size} ONS regions (${[...regions].join(', ')}); EES has no geographic level for them together`,
    );
  }
  const first = [...councils.values()][0]!;
  return { region: { code: first.regionCode, name: first.regionName }, councils };
}

interface TableSpec {
  filters: readonly { column: string; label: string; hint: string }[];
  indicator: { column: string; label: string };
}

const CATEGORY = { column: 'placement_category', label: 'Placement category', hint: 'Filter by type of placement' };
const AGE = { column: 'age_band', label: 'Age band', hint: 'Filter by age at the date' };
const CHILDREN = { column: 'children_count', label: 'Children looked after (member councils reporting)' };

const SPECS: Record<ProfileTableName, TableSpec> = {
  'placement-by-age': { filters: [CATEGORY, AGE], indicator: CHILDREN },
  'council-by-placement': { filters: [CATEGORY], indicator: CHILDREN },
  'referrals-by-age': {
    filters: [AGE, { column: 'referral_status', label: 'Referral status', hint: 'Open or closed unmet' }],
    indicator: { column: 'referrals_count', label: 'Needs-led home searches (referrals)' },
  },
};

const TIME_GEOGRAPHY = [
  'time_period',
  'time_identifier',
  'geographic_level',
  'country_code',
  'country_name',
  'region_code',
  'region_name',
] as const;
const LA_COLUMNS = ['old_la_code', 'new_la_code', 'la_name'] as const;

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
const csvLine = (values: readonly string[]) => values.map(csvField).join(',');

function symbol(value: PublishedValue): string {
  if (value.kind === 'count') return String(value.value);
  const s = SYMBOLS[value.marker];
  if (!s) throw new RangeError(`marker ${value.marker} has no DfE symbol`);
  return s;
}

/** The EES data and metadata files of one published version: one pair per table. */
export function eesFiles(v: StoredVersion): EesFilePair[] {
  const { region, councils } = eesGeography(v.members);
  const time = eesTime(v.asAt);
  return PROFILE_TABLE_NAMES.map((table) => {
    const spec = SPECS[table];
    const meta = PROFILE_TABLES[table];
    const byCouncil = meta.rowDimension === 'new_la_code';
    const columns = [
      ...TIME_GEOGRAPHY,
      ...(byCouncil ? LA_COLUMNS : []),
      ...spec.filters.map((f) => f.column),
      spec.indicator.column,
    ];
    const lines = [csvLine(columns)];
    const t = v.tables[table];
    const emit = (rowKey: string | null, colKey: string | null, value: PublishedValue) => {
      const row: Record<string, string> = {
        time_period: time.timePeriod,
        time_identifier: time.timeIdentifier,
        geographic_level: 'Regional',
        country_code: ENGLAND.countryCode,
        country_name: ENGLAND.countryName,
        region_code: region.code,
        region_name: region.name,
        old_la_code: '',
        new_la_code: '',
        la_name: '',
      };
      for (const f of spec.filters) row[f.column] = 'Total';
      const set = (dimension: string, key: string | null) => {
        if (key === null) return;
        if (dimension !== 'new_la_code') {
          row[dimension] = key;
          return;
        }
        const la = councils.get(key)!;
        Object.assign(row, {
          geographic_level: 'Local authority',
          old_la_code: la.oldLaCode,
          new_la_code: la.newLaCode,
          la_name: la.laName,
        });
      };
      set(meta.rowDimension, rowKey);
      set(meta.columnDimension, colKey);
      row[spec.indicator.column] = symbol(value);
      lines.push(csvLine(columns.map((c) => row[c]!)));
    };
    // Totals first (the region, then each council), as EES lists them.
    emit(null, null, t.grandTotal);
    t.colTotals.forEach((value, c) => emit(null, t.colKeys[c]!, value));
    servedRows(v, table, t).forEach((row) => {
      emit(row.key, null, row.total);
      row.values.forEach((value, c) => emit(row.key, t.colKeys[c]!, value));
    });
    const metaLines = [
      'col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column',
      ...spec.filters.map((f) => csvLine([f.column, 'Filter', f.label, '', '', '', f.hint, ''])),
      csvLine([spec.indicator.column, 'Indicator', spec.indicator.label, '', '', '0', '', '']),
    ];
    return {
      table,
      title: meta.title,
      name: `demand-profile-v${v.version}-${table}`,
      data: `${lines.join('\n')}\n`,
      meta: `${metaLines.join('\n')}\n`,
    };
  });
}
