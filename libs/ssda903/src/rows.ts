// The rows of an SSDA903 return as this library reads them, the error every check reports, and how a table is
// told by its columns.
import { EXTRACT_COLUMNS, TABLE_NAMES, TABLES, type ColumnSpec, type TableName } from './tables.js';

export interface HeaderRow {
  child: string;
  sex: string;
  dob: string;
  ethnic: string;
  upn: string | null;
  mother: string | null;
  mcDob: string | null;
  /** Set by stitching several returns: the return (collection year) this row was last reported in. */
  sourceYear?: number;
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
  /** Derived columns some extracts carry (the DfE validator's): placement IN/OUT of the council's area, its LA. */
  plLocation?: string | null;
  plLa?: string | null;
  /** Set by stitching several returns: the return (collection year) this row was last reported in. */
  sourceYear?: number;
  /**
   * Set by stitching: the end date used for counting. Equal to `dec` unless a repair applied; the statutory `dec`
   * itself is never changed.
   */
  effectiveDec?: string | null;
  /** Set by stitching: the repair rule that set `effectiveDec`, or null. */
  repair?: string | null;
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

export type OtherTable = Exclude<TableName, 'header' | 'episodes'>;
/** A validated row of one of the other tables: field name -> value (ISO dates, upper-case codes, null when blank). */
export type OtherRow = Record<string, string | null> & { child: string };

export type Identified = { table: TableName; specs: ColumnSpec[] } | { error: Omit<ImportError, 'file'> };

const KNOWN: Record<string, string[]> = {
  ...Object.fromEntries(TABLE_NAMES.map((t) => [t, TABLES[t].map((c) => c.column)])),
};

/** Tables are identified by their columns, never by file name (see SSDA903.md 1.1). */
export function identify(columns: string[]): Identified {
  const present = new Set(columns);
  const scored = Object.entries(KNOWN)
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
  if (best.found / best.expected.length < 0.5 || best.found < 3) {
    return fileError('table.unknown', `the columns (${columns.join(', ')}) are not an SSDA903 table`);
  }
  const derived = new Set((TABLES[best.table as TableName] ?? []).filter((s) => s.derived).map((s) => s.column));
  const missing = best.expected.filter((c) => !present.has(c) && !derived.has(c));
  const unexpected = columns.filter((c) => !best.expected.includes(c) && !EXTRACT_COLUMNS.includes(c));
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
  const table = best.table as TableName;
  return { table, specs: TABLES[table] };
}
