import { formatValue, type ProtectedTable, type PublishedValue } from '@rcc/disclosure';
import type { PublishedCount } from './dtos/published-count.model.js';
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
export function servedRows(v: StoredVersion, name: ProfileTableName, t: ProtectedTable) {
  return t.rowKeys.map((key, r) => {
    const absent = name === 'council-by-placement' && !v.councils.includes(key);
    return {
      key,
      values: t.cells[r]!.map((x) => (absent ? NOT_APPLICABLE : x)),
      total: absent ? NOT_APPLICABLE : t.rowTotals[r]!,
    };
  });
}

/** Where a version's open data files are listed (analytics serves them itself; the web app streams them). */
export const openDataPath = (version: number | 'latest') => `/open-data/demand-profile/${version}`;

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
      csvPath: `${openDataPath(v.version)}/${name}.csv`,
      metaCsvPath: `${openDataPath(v.version)}/${name}.meta.csv`,
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
    openDataPath: openDataPath(v.version),
    jsonPath: `/open-data/demand-profile/${v.version}.json`,
  };
}

/** Open data as JSON: the same version as GraphQL serves it, with the marker symbols explained. */
export function toJson(v: StoredVersion, regionName: string): unknown {
  return {
    regionName,
    markers: { c: 'confidential (suppressed)', z: 'not applicable', k: 'rounds to zero' },
    ...toGraphql(v),
  };
}
