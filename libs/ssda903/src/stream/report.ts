// What the streaming pass reports: the returns it planned, the errors (kept up to a bound, all counted) and warnings.
import type { ImportError } from '../rows.js';
import type { ColumnSpec, TableName } from '../tables.js';
import type { Ssda903Source } from './sources.js';

/** Errors kept in full; beyond this only the count grows (a wholly wrong 1M-row file must not fill memory). */
export const MAX_ERRORS_KEPT = 10_000;

export interface PlannedFile {
  source: Ssda903Source;
  table: TableName;
  specs: ColumnSpec[];
  columns: string[];
}

export interface PlannedReturn {
  label: string | null;
  /** The year of the 31 March closing the return's collection year, read from the data. */
  collectionYear: number | null;
  files: PlannedFile[];
}

export interface ValidationReport {
  returns: PlannedReturn[];
  errors: ImportError[];
  /**
   * What was read but is worth knowing, never a reason to refuse: files that are not SSDA903 tables (not read), and
   * tables found in a return older than the first year that has them (read and kept).
   */
  warnings: ImportError[];
  /** All errors found, including those beyond MAX_ERRORS_KEPT. */
  totalErrors: number;
  /** Data rows per file, by source name. */
  rows: Map<string, number>;
}

export class ErrorList {
  readonly kept: ImportError[] = [];
  total = 0;
  push(...errors: ImportError[]): void {
    for (const e of errors) {
      this.total += 1;
      if (this.kept.length < MAX_ERRORS_KEPT) this.kept.push(e);
    }
  }
}

export const csvError = (file: string, error: unknown): ImportError => {
  const e = error as Error & { lines?: number };
  return { file, row: e.lines ?? 1, column: '', value: '', rule: 'file.csv', message: `not valid CSV: ${e.message}` };
};
