// The one home of the cell rules (issue 21): how one cell of an SSDA903 table is read and what is wrong with it.
// The streaming pass (stream/rows.ts) compiles them once per file; the test oracle (oracle/parse-return.ts) applies
// them cell by cell; the year-coded code lists are checked with `codeError` once the collection year is known.
import { parseDate } from './dates.js';
import type { ColumnSpec } from './tables.js';

/** A whole number saved by a spreadsheet as "1.0" is the code "1": read, not repaired. */
const SPREADSHEET_WHOLE = /^\d+\.0+$/;
const DIGITS_ONLY = /^\d+$/;

/** A code as read: "1.0" is "1", letters upper case. */
export const codeAsRead = (raw: string): string =>
  SPREADSHEET_WHOLE.test(raw) ? raw.slice(0, raw.indexOf('.')) : raw.toUpperCase();

/** Whether a code cell is written otherwise than it is read ("1.0", lower case): an error then quotes it as written. */
export const readDifferently = (raw: string): boolean =>
  raw !== '' && (raw !== raw.toUpperCase() || SPREADSHEET_WHOLE.test(raw));

/** Whether a column's code list depends on the collection year. */
export const isYearCoded = (spec: ColumnSpec): boolean =>
  spec.kind.type === 'code' && typeof spec.kind.codes === 'function';

/** The code list of a code column in a collection year (the fixed list when it does not depend on the year). */
export function codesFor(spec: ColumnSpec, collectionYear: number | null): readonly string[] {
  const kind = spec.kind;
  if (kind.type !== 'code') throw new TypeError(`${spec.column} is not a code column`);
  return typeof kind.codes === 'function' ? kind.codes(collectionYear) : kind.codes;
}

const ruleOf = (table: string, spec: ColumnSpec, rule: string) => `${table}.${spec.column.toLowerCase()}.${rule}`;

/** The error of a code outside its list; a year-coded column's message names the year. */
export function codeError(
  table: string,
  spec: ColumnSpec,
  raw: string,
  codes: readonly string[],
  collectionYear: number | null,
): { rule: string; message: string } {
  const inYear =
    isYearCoded(spec) && collectionYear !== null ? ` in ${collectionYear - 1}-${String(collectionYear).slice(2)}` : '';
  return {
    rule: ruleOf(table, spec, 'code'),
    message: `${spec.column} "${raw}" is not a valid code${inYear} (${codes.join(', ')})`,
  };
}

/** The error of a required cell left blank. */
export const requiredError = (table: string, spec: ColumnSpec): { rule: string; message: string } => ({
  rule: ruleOf(table, spec, 'required'),
  message: `${spec.column} is required`,
});

export interface CellRead {
  /** ISO dates, upper-case codes, as written otherwise; null for a date that is not one. */
  value: string | null;
  rule?: string;
  message?: string;
}

/**
 * The reader of a non-blank cell of `spec`'s column, built once per column. `codes`: the code list to check against
 * (null: not checked here, as for a year-coded column before the year is known).
 */
export function cellReader(
  table: string,
  spec: ColumnSpec,
  codes: readonly string[] | null,
  collectionYear: number | null = null,
): (raw: string) => CellRead {
  const kind = spec.kind;
  const rule = (r: string) => ruleOf(table, spec, r);
  if (kind.type === 'date')
    return (raw) => {
      const iso = parseDate(raw);
      return iso
        ? { value: iso }
        : { value: null, rule: rule('date'), message: `${spec.column} must be a real date written dd/mm/yyyy` };
    };
  if (kind.type === 'int')
    return (raw) => {
      const n = Number(raw);
      return !DIGITS_ONLY.test(raw) || n < kind.min || n > kind.max
        ? {
            value: raw,
            rule: rule('range'),
            message: `${spec.column} must be a whole number from ${kind.min} to ${kind.max}`,
          }
        : { value: raw };
    };
  if (kind.type === 'code') {
    const allowed = codes === null ? null : new Set(codes);
    return (raw) => {
      const value = codeAsRead(raw);
      if (allowed === null || allowed.has(value)) return { value };
      return { value, ...codeError(table, spec, raw, codes!, collectionYear) };
    };
  }
  const upper = spec.column.endsWith('_POST') || spec.column === 'UPN' || spec.column === 'URN';
  return (raw) => {
    const value = upper ? raw.toUpperCase() : raw;
    return kind.pattern && !kind.pattern.test(value)
      ? { value, rule: rule('format'), message: `${spec.column} must be ${kind.hint}` }
      : { value };
  };
}
