import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { collectionYearOf, parseDate } from './dates.js';
import { csvBatches, CsvError, type CsvLine } from './csv.js';
import { identify, type ImportError } from './parse-return.js';
import { splitByYear, type ImportingCouncil } from './extract.js';
import { groupReturns } from './stitch.js';
import { TABLE_FIRST_YEAR, TABLE_NAMES, type ColumnSpec, type TableName } from './tables.js';

/** 2027 -> "2026-27". */
const yearName = (y: number) => `${y - 1}-${String(y).slice(2)}`;
import { XmlFormatError, xmlTableBatches, xmlTablesIn } from './xml.js';

/**
 * Where the bytes of one SSDA903 file come from. `open` may be called several times (the import reads each file
 * once to plan, once to validate and once to write), so a file on disk is never held in memory.
 */
export interface Ssda903Source {
  name: string;
  open: () => Readable;
  /** A table read from an XML file: the XML file's name, and its rows (at their XML lines) in place of CSV. */
  xml?: string;
  records?: () => AsyncGenerator<CsvLine[]>;
}

export const fileSource = (name: string, path: string): Ssda903Source => ({ name, open: () => createReadStream(path) });
export const textSource = (name: string, content: string): Ssda903Source => ({
  name,
  open: () => Readable.from([Buffer.from(content, 'utf8')]),
});

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

class ErrorList {
  readonly kept: ImportError[] = [];
  total = 0;
  push(...errors: ImportError[]): void {
    for (const e of errors) {
      this.total += 1;
      if (this.kept.length < MAX_ERRORS_KEPT) this.kept.push(e);
    }
  }
}

/** The CSV records of a source, a chunk's worth at a time: line numbers as in the file (the header is line 1). */
function csvRecords(source: Ssda903Source): AsyncGenerator<CsvLine[]> {
  if (source.records) return source.records();
  return csvBatches(source.open() as AsyncIterable<Buffer>);
}

const csvError = (file: string, error: unknown): ImportError => {
  const e = error as Error & { lines?: number };
  return { file, row: e.lines ?? 1, column: '', value: '', rule: 'file.csv', message: `not valid CSV: ${e.message}` };
};

async function firstBytes(source: Ssda903Source, n: number): Promise<string> {
  const stream = source.open();
  let text = '';
  for await (const chunk of stream) {
    text += Buffer.from(chunk as Buffer).toString('utf8');
    if (text.length >= n) break;
  }
  stream.destroy();
  return text.slice(0, n);
}

/**
 * XML files become one source per table they have rows for, each read by streaming the XML again (xml.ts: only the
 * CHILD element being read is held), its rows at their XML lines; CSV files pass through.
 */
async function expandXmlSources(sources: Ssda903Source[], errors: ErrorList): Promise<Ssda903Source[]> {
  const out: Ssda903Source[] = [];
  for (const source of sources) {
    const isXml = /\.xml$/i.test(source.name) || /^\uFEFF?\s*(<\?xml|<EXPSSDA903)/.test(await firstBytes(source, 64));
    if (!isXml) {
      out.push(source);
      continue;
    }
    try {
      for (const table of await xmlTablesIn(source.name, source.open() as AsyncIterable<Buffer>)) {
        out.push({
          name: `${source.name}#${table}`,
          open: source.open,
          xml: source.name,
          records: () => xmlTableBatches(source.name, table, source.open() as AsyncIterable<Buffer>),
        });
      }
    } catch (error) {
      if (!(error instanceof XmlFormatError)) throw error;
      errors.push({ file: source.name, row: 0, column: '', value: '', rule: 'file.xml', message: error.message });
    }
  }
  return out;
}

/** Reads a file's column header (its first record) and identifies the table from it. */
async function planFile(
  source: Ssda903Source,
  errors: ErrorList,
  warnings: ImportError[],
): Promise<PlannedFile | null> {
  let first: string[] | null = null;
  try {
    for await (const batch of csvRecords(source)) {
      first = batch[0]!.record;
      break;
    }
  } catch (error) {
    errors.push(csvError(source.name, error));
    return null;
  }
  if (first === null || first.every((c) => c === '')) {
    errors.push({ file: source.name, row: 1, column: '', value: '', rule: 'file.empty', message: 'the file is empty' });
    return null;
  }
  const columns = first.map((c) => c.toUpperCase());
  const identified = identify(columns);
  if ('error' in identified && identified.error.rule === 'table.unknown') {
    // Not an SSDA903 table at all (a table too close to one to be another is an error, table.columns): not read.
    warnings.push({ file: source.name, ...identified.error, message: `${identified.error.message}: not read` });
    return null;
  }
  if ('error' in identified) {
    errors.push({ file: source.name, ...identified.error });
    return null;
  }
  return { source, table: identified.table, specs: identified.specs, columns };
}

/** A whole number saved by a spreadsheet as "1.0" is the code "1": read, not repaired. */
const SPREADSHEET_WHOLE = /^\d+\.0+$/;
const DIGITS_ONLY = /^\d+$/;
/** Distinct values of a year-coded column kept during the pass (a code list has a few dozen at most). */
const MAX_DISTINCT_CODES = 256;

/**
 * The checks of one file's cells, compiled once per file: for each column of the table (in the table's order) where
 * it is in the file and how a cell is read. A row becomes an array of values in the table's column order (ISO dates,
 * upper-case codes, null for blanks), as `readRow` reads them, with the same rules and messages. Code lists that
 * depend on the collection year are not checked here (the year is known only once the episodes are read): their
 * values are kept as read, and `outsideCodes` checks them afterwards.
 */
function compileRow(file: PlannedFile): (line: number, record: string[], errors: ImportError[]) => (string | null)[] {
  const name = file.source.name;
  const cells = file.specs.map((spec) => {
    const at = file.columns.indexOf(spec.column);
    const rule = (r: string) => `${file.table}.${spec.column.toLowerCase()}.${r}`;
    const kind = spec.kind;
    const upper = spec.column.endsWith('_POST') || spec.column === 'UPN' || spec.column === 'URN';
    const codes = kind.type === 'code' && typeof kind.codes !== 'function' ? new Set(kind.codes) : null;
    const list = kind.type === 'code' && typeof kind.codes !== 'function' ? kind.codes.join(', ') : '';
    const read = (raw: string): { value: string | null; rule?: string; message?: string } => {
      if (kind.type === 'date') {
        const iso = parseDate(raw);
        return iso
          ? { value: iso }
          : { value: null, rule: rule('date'), message: `${spec.column} must be a real date written dd/mm/yyyy` };
      }
      if (kind.type === 'int') {
        const n = Number(raw);
        return !DIGITS_ONLY.test(raw) || n < kind.min || n > kind.max
          ? {
              value: raw,
              rule: rule('range'),
              message: `${spec.column} must be a whole number from ${kind.min} to ${kind.max}`,
            }
          : { value: raw };
      }
      if (kind.type === 'code') {
        const value = SPREADSHEET_WHOLE.test(raw) ? raw.slice(0, raw.indexOf('.')) : raw.toUpperCase();
        if (codes === null || codes.has(value)) return { value };
        return { value, rule: rule('code'), message: `${spec.column} "${raw}" is not a valid code (${list})` };
      }
      const value = upper ? raw.toUpperCase() : raw;
      return kind.pattern && !kind.pattern.test(value)
        ? { value, rule: rule('format'), message: `${spec.column} must be ${kind.hint}` }
        : { value };
    };
    return { spec, at, read, required: spec.required, rule: rule('required'), message: `${spec.column} is required` };
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
function inXml(file: PlannedFile, error: ImportError, cells: number[], child: string | undefined): ImportError {
  const at = file.columns.indexOf(error.column);
  const line = at >= 0 ? cells[at]! : error.row;
  return { ...error, row: line, message: `CHILDID ${child || '(blank)'}: ${error.message}` };
}

/** The value lines and CHILDIDs of the rows of an XML table at the given element lines (read again: few rows). */
async function locateXmlRows(
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
export const yearCodedColumns = (file: PlannedFile): ColumnSpec[] =>
  file.specs.filter((s) => s.kind.type === 'code' && typeof s.kind.codes === 'function');

/** One checked row: its line, its values in the table's column order, and the raw cells of year-coded columns that
 * were read differently ("1.0", lower case), by column, so a later error can quote the cell as written. */
export interface CheckedRow {
  line: number;
  values: (string | null)[];
  raw: Record<string, string> | null;
}

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
        const value = SPREADSHEET_WHOLE.test(raw) ? raw.slice(0, raw.indexOf('.')) : raw.toUpperCase();
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
const readingSink: RowSink = {
  rows: async () => undefined,
  endFile: async () => undefined,
  outsideCodes: (_ret, file, spec, codes, limit) => outsideCodesByReading(file, spec, codes, limit),
};

/**
 * Reads one planned file once: checks every cell of every row, hands the rows to the sink a chunk at a time, and
 * returns the latest episode start (for the episodes table) and the number of rows.
 */
async function passFile(
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
          if (cell !== '' && cell !== cell.toUpperCase()) (raw ??= {})[y.column] = cell;
          else if (SPREADSHEET_WHOLE.test(cell)) (raw ??= {})[y.column] = cell;
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

/**
 * The one streaming pass of an import (ADR 0023): identifies every table by its columns, groups files into annual
 * returns by their YEAR column (regional extracts, ADR 0044) or the year in their names, then reads each file ONCE, checking every cell and handing the rows to the
 * sink (the council stages them inside its transaction). A return's episodes are read first: the latest episode
 * start gives its collection year, after which the cells whose code lists depend on the year are checked against
 * it (`RowSink.outsideCodes`, in SQL on the staged rows for the council). The errors are given in file order, then
 * line order. Checks that span rows (a child twice in a header, an episode with no header row, an episode before
 * the date of birth) are the caller's (the council makes them in SQL on the staging tables). Without a sink the
 * rows are checked and dropped (and year-coded cells checked by reading those files again).
 */
export async function readSources(
  input: Ssda903Source[],
  sink: RowSink = readingSink,
  onProgress: (file: string, rows: number) => void = () => undefined,
  council: ImportingCouncil | null = null,
): Promise<ValidationReport> {
  const errors = new ErrorList();
  const warnings: ImportError[] = [];
  const sources = await expandXmlSources(input, errors);
  const planned: (PlannedFile & { year?: string })[] = [];
  // A regional extract's YEAR or LA refused: the returns cannot be told apart, so no error follows from grouping.
  let extractRefused = false;
  for (const source of sources) {
    const file = await planFile(source, errors, warnings);
    if (!file) continue;
    const records = () => csvRecords(source);
    const before = errors.total;
    const parts = await splitByYear({ name: source.name, columns: file.columns, records }, council, (e) =>
      errors.push(e),
    );
    if (errors.total > before) extractRefused = true;
    if (parts === null) planned.push(file);
    for (const part of parts ?? []) {
      const whole = part.name === source.name;
      planned.push({
        ...file,
        source: whole ? source : { ...source, name: part.name, records: part.records },
        year: part.year,
      });
    }
  }
  const groups = groupReturns(planned.map((f) => ({ name: f.source.name, year: f.year, file: f })));
  if (!extractRefused && groups.length > 1 && groups.some((g) => g.label === null)) {
    for (const f of groups.find((g) => g.label === null)!.files) {
      errors.push({
        file: f.name, row: 0, column: '', value: f.name, rule: 'return.year.unknown',
        message: 'several years are being imported: name each file with its year (e.g. 2019-episodes.csv)',
      }); // prettier-ignore
    }
  }
  groups.sort((a, b) => (a.label ?? '').localeCompare(b.label ?? ''));
  const returns: PlannedReturn[] = [];
  for (const g of groups) {
    const files = g.files.map((f) => f.file);
    for (const table of TABLE_NAMES) {
      const of = files.filter((f) => f.table === table);
      if (extractRefused) continue;
      if (of.length === 0 && (table === 'header' || table === 'episodes')) {
        errors.push({
          file: '', row: 0, column: '', value: '', rule: `return.${table}.missing`,
          message: `the return has no ${table} table`,
        }); // prettier-ignore
      }
      if (of.length > 1) {
        errors.push({
          file: of.map((f) => f.source.name).join(', '), row: 0, column: '', value: '',
          rule: `return.${table}.duplicate`, message: `the return has ${of.length} ${table} tables; send one`,
        }); // prettier-ignore
      }
    }
    returns.push({ label: g.label, collectionYear: null, files });
  }
  const rows = new Map<string, number>();
  for (const [ret, r] of returns.entries()) {
    // The errors of one return, put in file then line order before they join the report.
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
    const previous = returns[ret - 1]?.collectionYear ?? null;
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
        const kind = spec.kind as { type: 'code'; codes: (year: number | null) => readonly string[] };
        const codes = kind.codes(r.collectionYear);
        const values = seen.get(f)?.get(spec.column);
        if (values && [...values].every((v) => codes.includes(v))) continue;
        const outside = await sink.outsideCodes(ret, f, spec, codes, MAX_ERRORS_KEPT);
        const inYear =
          r.collectionYear !== null ? ` in ${r.collectionYear - 1}-${String(r.collectionYear).slice(2)}` : '';
        const located = f.source.records ? await locateXmlRows(f, new Set(outside.rows.map((o) => o.line))) : null;
        for (const { line, value } of outside.rows) {
          const error: ImportError = {
            file: f.source.name, row: line, column: spec.column, value,
            rule: `${f.table}.${spec.column.toLowerCase()}.code`,
            message: `${spec.column} "${value}" is not a valid code${inYear} (${codes.join(', ')})`,
          }; // prettier-ignore
          const at = located?.get(line);
          found.push(at ? inXml(f, error, at.cells, at.child) : error);
        }
        found.total += outside.total - outside.rows.length;
      }
    }
    const position = new Map(r.files.map((f, i) => [f.source.name, i]));
    found.kept.sort((a, b) => (position.get(a.file) ?? -1) - (position.get(b.file) ?? -1) || a.row - b.row);
    errors.push(...found.kept);
    errors.total += found.total - found.kept.length;
  }
  return { returns, errors: errors.kept, warnings, totalErrors: errors.total, rows };
}

/** The pass without a sink: every cell checked, nothing kept but the plan, the row counts and the errors. */
export function validateSources(
  input: Ssda903Source[],
  onProgress: (file: string, rows: number) => void = () => undefined,
  council: ImportingCouncil | null = null,
): Promise<ValidationReport> {
  return readSources(input, readingSink, onProgress, council);
}

/** SHA-256 over the files' contents, independent of their order and names (the same files twice: one import). */
export async function contentHash(sources: Ssda903Source[]): Promise<string> {
  const each: string[] = [];
  for (const source of sources) {
    const hash = createHash('sha256');
    for await (const chunk of source.open()) hash.update(chunk as Buffer);
    each.push(hash.digest('hex'));
  }
  return createHash('sha256').update(each.sort().join('\n')).digest('hex');
}
