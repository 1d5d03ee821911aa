// Where the pass puts the rows it checks, and how the cells outside a year's code list are found afterwards.
import { codeAsRead } from '../cells.js';
import type { ColumnSpec } from '../tables.js';
import type { PlannedFile } from './report.js';
import type { CheckedRow } from './rows.js';
import { csvRecords } from './sources.js';

/**
 * Where the one pass puts the rows it checks (the council: COPY into staging tables inside its transaction), and
 * how it asks afterwards for the cells outside a year's code list. Rows with cell errors are given too (their bad
 * dates as null), so the year's codes are checked on every row; the caller writes nothing when there are errors.
 */
export interface RowSink {
  /** Rows of file `file` of return `ret` (the index in the report's returns), in line order. */
  rows(ret: number, file: PlannedFile, rows: CheckedRow[]): Promise<void>;
  /** Ends a file: everything given for it is written. */
  endFile(ret: number, file: PlannedFile): Promise<void>;
  /** The rows of one file whose value in `spec`'s column is not in `codes`, in line order, at most `limit`. */
  outsideCodes(
    ret: number,
    file: PlannedFile,
    spec: ColumnSpec,
    codes: readonly string[],
    limit: number,
  ): Promise<{ rows: { line: number; value: string }[]; total: number }>;
}

/** The cells a year's code list refuses, found by reading the file again (the sink for callers without a database). */
async function outsideCodesByReading(
  file: PlannedFile,
  spec: ColumnSpec,
  codes: readonly string[],
  limit: number,
): Promise<{ rows: { line: number; value: string }[]; total: number }> {
  const at = file.columns.indexOf(spec.column);
  const allowed = new Set(codes);
  const rows: { line: number; value: string }[] = [];
  let total = 0;
  let header = true;
  try {
    for await (const batch of csvRecords(file.source)) {
      for (const { line, record } of batch) {
        if (header) {
          header = false;
          continue;
        }
        if (record.length !== file.columns.length) continue;
        const raw = record[at] ?? '';
        if (raw === '') continue;
        const value = codeAsRead(raw);
        if (allowed.has(value)) continue;
        total += 1;
        if (rows.length < limit) rows.push({ line, value: raw });
      }
    }
  } catch {
    // Reported by the pass.
  }
  return { rows, total };
}

/** A sink that keeps nothing: the pass checks, and year-coded cells are checked by reading the file again. */
export const readingSink: RowSink = {
  rows: async () => undefined,
  endFile: async () => undefined,
  outsideCodes: (_ret, file, spec, codes, limit) => outsideCodesByReading(file, spec, codes, limit),
};
