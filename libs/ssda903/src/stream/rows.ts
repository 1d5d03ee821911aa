// One file's rows: the cell rules compiled once per file (cells.ts), and where an error in an XML table is.
import { cellReader, isYearCoded, requiredError } from '../cells.js';
import type { ImportError } from '../rows.js';
import type { ColumnSpec } from '../tables.js';
import type { PlannedFile } from './report.js';
import { csvRecords } from './sources.js';

/**
 * The checks of one file's cells, compiled once per file: for each column of the table (in the table's order) where
 * it is in the file and how a cell is read. A row becomes an array of values in the table's column order (ISO dates,
 * upper-case codes, null for blanks), by the cell rules of cells.ts (which the test oracle's `readRow` applies too).
 * Code lists that depend on the collection year are not checked here (the year is known only once the episodes are
 * read): their values are kept as read, and checked against the year's list afterwards.
 */
export function compileRow(
  file: PlannedFile,
): (line: number, record: string[], errors: ImportError[]) => (string | null)[] {
  const name = file.source.name;
  const cells = file.specs.map((spec) => {
    const at = file.columns.indexOf(spec.column);
    const codes = spec.kind.type === 'code' && !isYearCoded(spec) ? (spec.kind.codes as readonly string[]) : null;
    const read = cellReader(file.table, spec, codes);
    return { spec, at, read, required: spec.required, ...requiredError(file.table, spec) };
  });
  return (line, record, errors) => {
    const values: (string | null)[] = new Array<string | null>(cells.length);
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      const raw = cell.at < 0 ? '' : record[cell.at]!;
      if (raw === '') {
        if (cell.required) {
          errors.push({
            file: name,
            row: line,
            column: cell.spec.column,
            value: raw,
            rule: cell.rule,
            message: cell.message,
          });
        }
        values[i] = null;
        continue;
      }
      const read = cell.read(raw);
      if (read.rule) {
        errors.push({
          file: name,
          row: line,
          column: cell.spec.column,
          value: raw,
          rule: read.rule,
          message: read.message!,
        });
      }
      values[i] = read.value;
    }
    return values;
  };
}

/**
 * An error in a row read from XML names the XML line of the value (or of the row's element when the value is
 * missing) and the CHILDID, not a row of the table derived from it.
 */
export function inXml(file: PlannedFile, error: ImportError, cells: number[], child: string | undefined): ImportError {
  const at = file.columns.indexOf(error.column);
  const line = at >= 0 ? cells[at]! : error.row;
  return { ...error, row: line, message: `CHILDID ${child || '(blank)'}: ${error.message}` };
}

/** The value lines and CHILDIDs of the rows of an XML table at the given element lines (read again: few rows). */
export async function locateXmlRows(
  file: PlannedFile,
  lines: Set<number>,
): Promise<Map<number, { cells: number[]; child: string | undefined }>> {
  const out = new Map<number, { cells: number[]; child: string | undefined }>();
  let header = true;
  for await (const batch of csvRecords(file.source)) {
    for (const { line, cells, child } of batch) {
      if (header) {
        header = false;
        continue;
      }
      if (cells && lines.has(line) && !out.has(line)) out.set(line, { cells, child });
    }
  }
  return out;
}

/** The columns of a table whose code lists depend on the collection year (checked after the pass). */
export const yearCodedColumns = (file: PlannedFile): ColumnSpec[] => file.specs.filter(isYearCoded);

/** One checked row: its line, its values in the table's column order, and the raw cells of year-coded columns that
 * were read differently ("1.0", lower case), by column, so a later error can quote the cell as written. */
export interface CheckedRow {
  line: number;
  values: (string | null)[];
  raw: Record<string, string> | null;
}
