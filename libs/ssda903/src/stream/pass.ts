// The one pass over a planned file.
import { readDifferently } from '../cells.js';
import { CsvError } from '../csv.js';
import type { ImportError } from '../rows.js';
import { csvError, type ErrorList, type PlannedFile } from './report.js';
import { compileRow, inXml, yearCodedColumns, type CheckedRow } from './rows.js';
import type { RowSink } from './sink.js';
import { csvRecords } from './sources.js';

/** Distinct values of a year-coded column kept during the pass (a code list has a few dozen at most). */
const MAX_DISTINCT_CODES = 256;

/**
 * Reads one planned file once: checks every cell of every row, hands the rows to the sink a chunk at a time, and
 * returns the latest episode start (for the episodes table) and the number of rows.
 */
export async function passFile(
  ret: number,
  file: PlannedFile,
  sink: RowSink,
  errors: ErrorList,
  onProgress: (file: string, rows: number) => void,
): Promise<{ rows: number; latestDecom: string | null; seen: Map<string, Set<string> | null> }> {
  const name = file.source.name;
  const check = compileRow(file);
  const yearCoded = yearCodedColumns(file).map((s) => ({ column: s.column, at: file.columns.indexOf(s.column) }));
  const specAt = (column: string) => file.specs.findIndex((s) => s.column === column);
  const decomAt = file.table === 'episodes' ? specAt('DECOM') : -1;
  const decAt = file.table === 'episodes' ? specAt('DEC') : -1;
  // The distinct values of each year-coded column (few: a code list's), so a later check against the year's list
  // needs no second look at the rows when every one is valid; null once there are too many to keep.
  const seen = new Map<string, Set<string> | null>(yearCoded.map((y) => [y.column, new Set<string>()]));
  const seenAt = yearCoded.map((y) => file.specs.findIndex((s) => s.column === y.column));
  let latestDecom: string | null = null;
  let header = true;
  let n = 0;
  let reported = 0;
  try {
    for await (const batch of csvRecords(file.source)) {
      const rows: CheckedRow[] = [];
      for (const { line, record, cells, child } of batch) {
        if (header) {
          header = false;
          continue;
        }
        if (record.every((v) => v === '') && cells === undefined) continue;
        if (record.length !== file.columns.length) {
          errors.push({
            file: name, row: line, column: '', value: record.join(','), rule: 'row.columns',
            message: `has ${record.length} values but the file has ${file.columns.length} columns`,
          }); // prettier-ignore
          continue;
        }
        const rowErrors: ImportError[] = [];
        const values = check(line, record, rowErrors);
        if (decomAt >= 0) {
          const decom = values[decomAt];
          const dec = values[decAt];
          if (decom && (latestDecom === null || decom > latestDecom)) latestDecom = decom;
          if (dec && decom && dec < decom && rowErrors.length === 0) {
            rowErrors.push({
              file: name, row: line, column: 'DEC', value: dec, rule: 'episodes.dec.before-decom',
              message: `the episode ends (${dec}) before it starts (${decom})`,
            }); // prettier-ignore
          }
        }
        if (rowErrors.length > 0)
          errors.push(...(cells ? rowErrors.map((e) => inXml(file, e, cells, child)) : rowErrors));
        let raw: Record<string, string> | null = null;
        for (const [k, y] of yearCoded.entries()) {
          const value = values[seenAt[k]!];
          const set = seen.get(y.column);
          if (value !== null && value !== undefined && set) {
            set.add(value);
            if (set.size > MAX_DISTINCT_CODES) seen.set(y.column, null);
          }
          const cell = y.at < 0 ? '' : record[y.at]!;
          if (readDifferently(cell)) (raw ??= {})[y.column] = cell;
        }
        rows.push({ line, values, raw });
        n += 1;
      }
      if (rows.length > 0) await sink.rows(ret, file, rows);
      if (n - reported >= 10_000) {
        reported = n;
        onProgress(name, n);
      }
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    errors.push(csvError(name, error));
  }
  await sink.endFile(ret, file);
  onProgress(name, n);
  return { rows: n, latestDecom, seen };
}
