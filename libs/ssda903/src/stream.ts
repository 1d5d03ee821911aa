import type { ImportingCouncil } from './extract.js';
import { codeError, codesFor } from './cells.js';
import { collectionYearOf } from './dates.js';
import type { ImportError } from './rows.js';
import { TABLE_FIRST_YEAR } from './tables.js';
import { passFile } from './stream/pass.js';
import { planReturns } from './stream/plan.js';
import {
  ErrorList,
  MAX_ERRORS_KEPT,
  type PlannedFile,
  type PlannedReturn,
  type ValidationReport,
} from './stream/report.js';
import { inXml, locateXmlRows, yearCodedColumns } from './stream/rows.js';
import { readingSink, type RowSink } from './stream/sink.js';
import type { Ssda903Source } from './stream/sources.js';

export { MAX_ERRORS_KEPT, type PlannedFile, type PlannedReturn, type ValidationReport } from './stream/report.js';
export { yearCodedColumns, type CheckedRow } from './stream/rows.js';
export type { RowSink } from './stream/sink.js';
export { contentHash, fileSource, textSource, type Ssda903Source } from './stream/sources.js';

/** 2027 -> "2026-27". */
const yearName = (y: number) => `${y - 1}-${String(y).slice(2)}`;

/**
 * The one streaming pass of an import (ADR 0023): identifies every table by its columns, groups files into annual
 * returns by their YEAR column (regional extracts, ADR 0044) or the year in their names, then reads each file ONCE,
 * checking every cell (cells.ts, the one home of the cell rules) and handing the rows to the sink (the council stages
 * them inside its transaction). A return's episodes are read first: the latest episode start gives its collection
 * year, after which the cells whose code lists depend on the year are checked against it. The rule (the year's list,
 * the error) is this library's; when a value seen in the pass is outside the list, the sink only finds the rows that
 * hold it (`RowSink.outsideCodes`, in SQL on the staged rows for the council). The errors are given in file order,
 * then line order. Checks that span rows (a child twice in a header, an episode with no header row, an episode
 * before the date of birth) are the caller's (the council makes them in SQL on the staged rows). Without a sink
 * the rows are checked and dropped (and year-coded cells found by reading those files again).
 */
export async function readSources(
  input: Ssda903Source[],
  sink: RowSink = readingSink,
  onProgress: (file: string, rows: number) => void = () => undefined,
  council: ImportingCouncil | null = null,
): Promise<ValidationReport> {
  const errors = new ErrorList();
  const warnings: ImportError[] = [];
  const returns = await planReturns(input, council, errors, warnings);
  const rows = new Map<string, number>();
  for (const [ret, r] of returns.entries()) {
    // The errors of one return, put in file then line order before they join the report.
    const found = await readReturn(ret, r, returns[ret - 1]?.collectionYear ?? null, sink, rows, warnings, onProgress);
    errors.push(...found.kept);
    errors.total += found.total - found.kept.length;
  }
  return { returns, errors: errors.kept, warnings, totalErrors: errors.total, rows };
}

/**
 * Reads one return: its episodes first (their latest start gives the collection year), then its other files, then
 * the cells of year-coded columns against the year's lists. Sets the return's collection year; returns its errors
 * in file then line order.
 */
async function readReturn(
  ret: number,
  r: PlannedReturn,
  previous: number | null,
  sink: RowSink,
  rows: Map<string, number>,
  warnings: ImportError[],
  onProgress: (file: string, rows: number) => void,
): Promise<ErrorList> {
  const found = new ErrorList();
  const order = [...r.files].sort((a, b) => Number(b.table === 'episodes') - Number(a.table === 'episodes'));
  let fromData: string | null = null;
  const seen = new Map<PlannedFile, Map<string, Set<string> | null>>();
  for (const f of order) {
    const read = await passFile(ret, f, sink, found, onProgress);
    seen.set(f, read.seen);
    rows.set(f.source.name, read.rows);
    if (f.table === 'episodes' && fromData === null) fromData = read.latestDecom;
  }
  // A return with no new starts is given the year after the previous one, so years increase with the names.
  const year = fromData === null ? null : collectionYearOf(fromData);
  r.collectionYear = year !== null && previous !== null && year <= previous ? previous + 1 : year;
  for (const f of r.files) {
    const since = TABLE_FIRST_YEAR[f.table];
    if (since === undefined || r.collectionYear === null || r.collectionYear >= since) continue;
    warnings.push({
      file: f.source.name, row: 0, column: '', value: f.table, rule: `return.${f.table}.early`,
      message: `the ${f.table} table is part of the return from ${yearName(since)}, but this is the ` +
        `${yearName(r.collectionYear)} return: read and kept`,
    }); // prettier-ignore
  }
  for (const f of r.files) {
    for (const spec of yearCodedColumns(f)) {
      const codes = codesFor(spec, r.collectionYear);
      const values = seen.get(f)?.get(spec.column);
      if (values && [...values].every((v) => codes.includes(v))) continue;
      const outside = await sink.outsideCodes(ret, f, spec, codes, MAX_ERRORS_KEPT);
      const located = f.source.records ? await locateXmlRows(f, new Set(outside.rows.map((o) => o.line))) : null;
      for (const { line, value } of outside.rows) {
        const error: ImportError = {
          file: f.source.name, row: line, column: spec.column, value,
          ...codeError(f.table, spec, value, codes, r.collectionYear),
        }; // prettier-ignore
        const at = located?.get(line);
        found.push(at ? inXml(f, error, at.cells, at.child) : error);
      }
      found.total += outside.total - outside.rows.length;
    }
  }
  const position = new Map(r.files.map((f, i) => [f.source.name, i]));
  found.kept.sort((a, b) => (position.get(a.file) ?? -1) - (position.get(b.file) ?? -1) || a.row - b.row);
  return found;
}

/** The pass without a sink: every cell checked, nothing kept but the plan, the row counts and the errors. */
export function validateSources(
  input: Ssda903Source[],
  onProgress: (file: string, rows: number) => void = () => undefined,
  council: ImportingCouncil | null = null,
): Promise<ValidationReport> {
  return readSources(input, readingSink, onProgress, council);
}
