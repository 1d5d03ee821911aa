import { formatValue, type ProtectedTable, type PublishedValue } from '@rcc/disclosure';
import type { PublishedCount } from '../demand-profile/demand-profile.model.js';
import type { PublishedDemandProfile, PublishedTable } from './dtos/publication.model.js';
import { PROFILE_TABLE_NAMES, PROFILE_TABLES, type ProfileTableName } from './publication.tables.js';

export interface StoredVersion {
  version: number;
  asAt: string;
  revision: number;
  publishedAt: string;
  minCount: number;
  members: string[];
  councils: string[];
  tables: Record<ProfileTableName, ProtectedTable>;
}

export const NOT_APPLICABLE: PublishedValue = {
  kind: 'marker',
  marker: 'z',
  reason: 'not applicable: no return from this council for this date',
};

export function publishedCount(value: PublishedValue): PublishedCount {
  const roundedTo = value.roundedTo ?? null;
  return value.kind === 'count'
    ? { display: formatValue(value), count: value.value, marker: null, reason: null, roundedTo }
    : { display: formatValue(value), count: null, marker: value.marker, reason: value.reason, roundedTo };
}

/** The rows as served: a member council with no return for the date shows `z`, not 0. */
function servedRows(v: StoredVersion, name: ProfileTableName, t: ProtectedTable) {
  return t.rowKeys.map((key, r) => {
    const absent = name === 'council-by-placement' && !v.councils.includes(key);
    return {
      key,
      values: t.cells[r]!.map((x) => (absent ? NOT_APPLICABLE : x)),
      total: absent ? NOT_APPLICABLE : t.rowTotals[r]!,
    };
  });
}

export function toGraphql(v: StoredVersion): PublishedDemandProfile {
  const tables: PublishedTable[] = PROFILE_TABLE_NAMES.map((name) => {
    const t = v.tables[name];
    return {
      name,
      title: PROFILE_TABLES[name].title,
      rowDimension: PROFILE_TABLES[name].rowDimension,
      columnDimension: PROFILE_TABLES[name].columnDimension,
      columnKeys: t.colKeys,
      rows: servedRows(v, name, t).map((row) => ({
        key: row.key,
        values: row.values.map(publishedCount),
        total: publishedCount(row.total),
      })),
      columnTotals: t.colTotals.map(publishedCount),
      total: publishedCount(t.grandTotal),
    };
  });
  return {
    version: v.version,
    asAt: v.asAt,
    revision: v.revision,
    publishedAt: v.publishedAt,
    minCount: v.minCount,
    councils: v.councils,
    notContributing: v.members.filter((m) => !v.councils.includes(m)),
    tables,
    csvPath: `/open-data/demand-profile/${v.version}.csv`,
    jsonPath: `/open-data/demand-profile/${v.version}.json`,
  };
}

const CSV_COLUMNS = [
  'time_period',
  'time_identifier',
  'geographic_level',
  'country_code',
  'country_name',
  'region_name',
  'new_la_code',
  'version',
  'revision',
  'table_name',
  'placement_category',
  'age_band',
  'referral_status',
  'value',
] as const;

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Open data in the DfE tidy format (one row per figure; filters as columns, `Total` for a total; the value column
 * carries the number or a GSS/DfE marker: `c` suppressed, `z` not applicable, `k` rounds to zero). time_period is
 * the as-at date (YYYYMMDD) with time_identifier "As at date"; a figure for one council carries its new_la_code.
 */
export function toCsv(v: StoredVersion, regionName: string): string {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  for (const name of PROFILE_TABLE_NAMES) {
    const meta = PROFILE_TABLES[name];
    const t = v.tables[name];
    const emit = (rowKey: string | null, colKey: string | null, value: PublishedValue) => {
      const filters: Record<string, string> = {
        placement_category: 'Total',
        age_band: 'Total',
        referral_status: 'Total',
      };
      let la = '';
      const set = (dimension: string, key: string | null) => {
        if (dimension === 'new_la_code') la = key ?? '';
        else filters[dimension] = key ?? 'Total';
      };
      set(meta.rowDimension, rowKey);
      set(meta.columnDimension, colKey);
      const row: Record<(typeof CSV_COLUMNS)[number], string> = {
        time_period: v.asAt.replace(/-/g, ''),
        time_identifier: 'As at date',
        geographic_level: la ? 'Local authority' : 'Regional',
        country_code: 'E92000001',
        country_name: 'England',
        region_name: regionName,
        new_la_code: la,
        version: String(v.version),
        revision: String(v.revision),
        table_name: name,
        placement_category: filters['placement_category']!,
        age_band: filters['age_band']!,
        referral_status: filters['referral_status']!,
        value: formatValue(value),
      };
      lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
    };
    servedRows(v, name, t).forEach((row) => {
      row.values.forEach((value, c) => emit(row.key, t.colKeys[c]!, value));
      emit(row.key, null, row.total);
    });
    t.colTotals.forEach((value, c) => emit(null, t.colKeys[c]!, value));
    emit(null, null, t.grandTotal);
  }
  return `${lines.join('\n')}\n`;
}

/** Open data as JSON: the same version as GraphQL serves it, with the marker symbols explained. */
export function toJson(v: StoredVersion, regionName: string): unknown {
  return {
    regionName,
    markers: { c: 'confidential (suppressed)', z: 'not applicable', k: 'rounds to zero' },
    ...toGraphql(v),
  };
}
