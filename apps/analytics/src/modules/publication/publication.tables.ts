import { AGE_BANDS, PLACEMENT_CATEGORIES, type NeedCellV1 } from '@rcc/contracts';
import {
  protectTables,
  type AuditEntry,
  type DisclosureOptions,
  type ProtectedTable,
  type TableInput,
  type TableLink,
} from '@rcc/disclosure';

/** The tables of one published version of the demand profile. */
export const PROFILE_TABLES = {
  'placement-by-age': {
    title: 'Children looked after by placement category and age band',
    rowDimension: 'placement_category',
    columnDimension: 'age_band',
    geography: 'Regional',
  },
  'council-by-placement': {
    title: 'Children looked after by council and placement category',
    rowDimension: 'new_la_code',
    columnDimension: 'placement_category',
    geography: 'Local authority',
  },
  'referrals-by-age': {
    title: 'Open and unmet referrals (needs-led home searches) by age band',
    rowDimension: 'age_band',
    columnDimension: 'referral_status',
    geography: 'Regional',
  },
} as const;
export type ProfileTableName = keyof typeof PROFILE_TABLES;
export const PROFILE_TABLE_NAMES = Object.keys(PROFILE_TABLES) as ProfileTableName[];
export const REFERRAL_STATUSES = ['open', 'unmet'] as const;

export interface CouncilSnapshot {
  councilCode: string;
  eventId: string;
  cells: Pick<NeedCellV1, 'category' | 'ageBand' | 'count'>[];
}

export interface ReferralState {
  /** The member council whose referral it is: it knows its own referrals (issue 15). */
  councilCode: string;
  ageBand: string;
  status: (typeof REFERRAL_STATUSES)[number];
}

/** The unsuppressed figures behind a version: kept by the hub to protect later versions, never served. */
export interface ProfileTruth {
  asAt: string;
  /** Member councils, in row order of the council table. */
  members: string[];
  /** The councils pooled (a snapshot for exactly asAt) and the event each came from. */
  contributors: { code: string; eventId: string }[];
  tables: Record<ProfileTableName, TableInput>;
}

export function profileTruth(
  asAt: string,
  members: readonly string[],
  snapshots: readonly CouncilSnapshot[],
  referrals: readonly ReferralState[],
  roundTotalsTo = 0,
): ProfileTruth {
  const rounding = roundTotalsTo > 0 ? { roundTotalsTo } : {};
  const rows = [...members].sort();
  const zeros = (R: number, C: number) => Array.from({ length: R }, () => Array.from({ length: C }, () => 0));
  const sum = (tables: number[][][], R: number, C: number) =>
    tables.reduce((total, t) => total.map((row, r) => row.map((v, c) => v + t[r]![c]!)), zeros(R, C));
  // Each member's own figures in every table (every member knows its own: issue 15); the tables are their sums.
  const ownByAge = rows.map(() => zeros(PLACEMENT_CATEGORIES.length, AGE_BANDS.length));
  const ownByCouncil = rows.map(() => zeros(rows.length, PLACEMENT_CATEGORIES.length));
  const ownReferrals = rows.map(() => zeros(AGE_BANDS.length, REFERRAL_STATUSES.length));
  const member = (code: string) => {
    const row = rows.indexOf(code);
    if (row < 0) throw new RangeError(`${code} is not a member council`);
    return row;
  };
  for (const s of snapshots) {
    const row = member(s.councilCode);
    for (const cell of s.cells) {
      const k = PLACEMENT_CATEGORIES.indexOf(cell.category);
      const a = AGE_BANDS.indexOf(cell.ageBand);
      if (k < 0 || a < 0) throw new RangeError(`snapshot ${s.eventId} has an unknown cell`);
      ownByAge[row]![k]![a]! += cell.count;
      ownByCouncil[row]![row]![k]! += cell.count;
    }
  }
  for (const r of referrals) {
    const row = member(r.councilCode);
    const a = AGE_BANDS.indexOf(r.ageBand as (typeof AGE_BANDS)[number]);
    if (a >= 0) ownReferrals[row]![a]![REFERRAL_STATUSES.indexOf(r.status)]! += 1;
  }
  const byMember = (own: number[][][]) => Object.fromEntries(rows.map((code, i) => [code, own[i]!]));
  /** A table of these keys: the sum of the members' own figures, with each member's contribution. */
  const tableOf = (rowKeys: string[], colKeys: string[], own: number[][][]) => ({
    rowKeys,
    colKeys,
    counts: sum(own, rowKeys.length, colKeys.length),
    contributions: byMember(own),
    ...rounding,
  });
  return {
    asAt,
    members: rows,
    contributors: [...snapshots]
      .map((s) => ({ code: s.councilCode, eventId: s.eventId }))
      .sort((x, y) => x.code.localeCompare(y.code)),
    tables: {
      'placement-by-age': tableOf([...PLACEMENT_CATEGORIES], [...AGE_BANDS], ownByAge),
      'council-by-placement': tableOf(rows, [...PLACEMENT_CATEGORIES], ownByCouncil),
      'referrals-by-age': tableOf([...AGE_BANDS], [...REFERRAL_STATUSES], ownReferrals),
    },
  };
}

/** The same figures in two tables: each category total, and the grand total, of the age and council tables. */
export function sharedTotals(tables: Record<ProfileTableName, TableInput>, suffix = ''): TableLink[] {
  const K = PLACEMENT_CATEGORIES.length;
  const A = tables['placement-by-age'].colKeys.length;
  const N = tables['council-by-placement'].rowKeys.length;
  return Array.from({ length: K + 1 }, (_, k) => ({
    kind: 'same' as const,
    a: { table: `placement-by-age${suffix}`, row: k, col: A },
    b: { table: `council-by-placement${suffix}`, row: N, col: k },
  }));
}

export interface PreviousVersion {
  truth: ProfileTruth;
  tables: Record<ProfileTableName, ProtectedTable>;
}

const sameKeys = (a: TableInput, b: TableInput) =>
  a.rowKeys.join() === b.rowKeys.join() && a.colKeys.join() === b.colKeys.join();

/** True when no figure (cell or total) went down: the intruder may be assumed to know it. */
function additive(previous: TableInput, current: TableInput): boolean {
  const sums = (t: TableInput) => [
    ...t.counts.flat(),
    ...t.counts.map((row) => row.reduce((a, b) => a + b, 0)),
    ...t.colKeys.map((_, c) => t.counts.reduce((a, row) => a + row[c]!, 0)),
  ];
  const [p, c] = [sums(previous), sums(current)];
  return c.every((v, i) => v >= p[i]!);
}

/**
 * Protects a version jointly: its three tables with each other (shared totals) and with the version it revises (same
 * as-at date), whose suppressions are carried forward and whose differences from this one are protected too.
 */
export function protectProfile(
  truth: ProfileTruth,
  options: DisclosureOptions,
  previous?: PreviousVersion,
): { tables: Record<ProfileTableName, ProtectedTable>; audit: AuditEntry[] } {
  const links: TableLink[] = [...sharedTotals(truth.tables)];
  const published: Record<string, { counts: number[][]; published: ProtectedTable }> = {};
  if (previous) {
    if (previous.truth.asAt !== truth.asAt) throw new RangeError('a revision must describe the same date');
    links.push(...sharedTotals(previous.truth.tables, '@previous'));
    for (const name of PROFILE_TABLE_NAMES) {
      const [before, now] = [previous.truth.tables[name], truth.tables[name]];
      if (!sameKeys(before, now)) throw new RangeError(`table ${name} changed its keys between versions`);
      // Versions published before issue 15 kept no contributions: the members' knowledge of those is then not used.
      published[`${name}@previous`] = {
        counts: before.counts,
        published: previous.tables[name],
        ...(before.contributions ? { contributions: before.contributions } : {}),
      };
      links.push({ kind: 'revision', previous: `${name}@previous`, current: name, additive: additive(before, now) });
    }
  }
  const result = protectTables(truth.tables, options, { published, links });
  return { tables: result.tables as Record<ProfileTableName, ProtectedTable>, audit: result.audit };
}
