import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { collectionYearOf, parseDate } from './dates.js';
import { identify, readRow, type CsvRecord, type ImportError } from './parse-return.js';
import { groupReturns } from './stitch.js';
import { TABLE_NAMES, type ColumnSpec, type TableName } from './tables.js';
import { xmlToTables } from './xml.js';

/**
 * Where the bytes of one SSDA903 file come from. `open` may be called several times (the import reads each file
 * once to plan, once to validate and once to write), so a file on disk is never held in memory.
 */
export interface Ssda903Source {
  name: string;
  open: () => Readable;
}

export const fileSource = (name: string, path: string): Ssda903Source => ({ name, open: () => createReadStream(path) });
export const textSource = (name: string, content: string): Ssda903Source => ({
  name,
  open: () => Readable.from([Buffer.from(content, 'utf8')]),
});

/**
 * XML files are read whole (fast-xml-parser builds a document; SSDA903 XML is one document per return), so they are
 * limited in size; CSV is streamed at any size.
 */
export const MAX_XML_BYTES = 64 * 1024 * 1024;
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

/** The CSV records of a source as they are read: line numbers as in the file (the column header is line 1). */
async function* csvRecords(source: Ssda903Source): AsyncGenerator<{ line: number; record: string[] }> {
  const parser = source
    .open()
    .pipe(parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { line: info.lines, record };
  }
}

const csvError = (file: string, error: unknown): ImportError => {
  const e = error as Error & { lines?: number };
  return { file, row: e.lines ?? 1, column: '', value: '', rule: 'file.csv', message: `not valid CSV: ${e.message}` };
};

async function readAll(source: Ssda903Source, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source.open()) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(Buffer.from(chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

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

/** XML files become one text source per table (in memory, bounded by MAX_XML_BYTES); CSV files pass through. */
async function expandXmlSources(sources: Ssda903Source[], errors: ErrorList): Promise<Ssda903Source[]> {
  const out: Ssda903Source[] = [];
  for (const source of sources) {
    const isXml = /\.xml$/i.test(source.name) || /^\uFEFF?\s*(<\?xml|<EXPSSDA903)/.test(await firstBytes(source, 64));
    if (!isXml) {
      out.push(source);
      continue;
    }
    const xml = await readAll(source, MAX_XML_BYTES);
    if (xml === null) {
      errors.push({
        file: source.name, row: 0, column: '', value: '', rule: 'file.xml.size',
        message: `XML files are read whole and may be at most ${MAX_XML_BYTES / 1024 / 1024} MB: send CSV tables for larger returns`,
      }); // prettier-ignore
      continue;
    }
    try {
      out.push(...xmlToTables(source.name, xml).map((t) => textSource(t.name, t.content)));
    } catch (error) {
      errors.push({
        file: source.name,
        row: 0,
        column: '',
        value: '',
        rule: 'file.xml',
        message: (error as Error).message,
      });
    }
  }
  return out;
}

/** Reads a file's column header (its first record) and identifies the table from it. */
async function planFile(source: Ssda903Source, errors: ErrorList): Promise<PlannedFile | null> {
  let first: string[] | null = null;
  try {
    for await (const { record } of csvRecords(source)) {
      first = record;
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
  if ('error' in identified) {
    errors.push({ file: source.name, ...identified.error });
    return null;
  }
  return { source, table: identified.table, specs: identified.specs, columns };
}

/** The collection year of a return: that of its latest episode start (see parse-return.ts). One streaming read. */
async function yearOfEpisodes(file: PlannedFile): Promise<number | null> {
  const at = file.columns.indexOf('DECOM');
  let latest: string | null = null;
  try {
    let header = true;
    for await (const { record } of csvRecords(file.source)) {
      if (header) {
        header = false;
        continue;
      }
      const iso = record[at] ? parseDate(record[at]!) : null;
      if (iso && (latest === null || iso > latest)) latest = iso;
    }
  } catch {
    // Reported by the validating pass.
  }
  return latest ? collectionYearOf(latest) : null;
}

/**
 * The validated rows of one planned file, read as a stream: the row as `readRow` gives it (ISO dates, upper-case
 * codes, null for blanks) with its line. Rows with errors are still yielded; `onError` hears about every problem.
 */
export async function* validatedRows(
  file: PlannedFile,
  collectionYear: number | null,
  onError: (e: ImportError) => void = () => undefined,
): AsyncGenerator<{ line: number; row: Record<string, string | null> }> {
  let header = true;
  try {
    for await (const { line, record } of csvRecords(file.source)) {
      if (header) {
        header = false;
        continue;
      }
      if (record.every((v) => v === '')) continue;
      if (record.length !== file.columns.length) {
        onError({
          file: file.source.name, row: line, column: '', value: record.join(','), rule: 'row.columns',
          message: `has ${record.length} values but the file has ${file.columns.length} columns`,
        }); // prettier-ignore
        continue;
      }
      const rec: CsvRecord = { line, values: Object.fromEntries(file.columns.map((c, i) => [c, record[i]!])) };
      const errors: ImportError[] = [];
      const row = readRow(file.source.name, file.table, file.specs, rec, collectionYear, errors);
      if (file.table === 'episodes' && row['dec'] && row['decom'] && row['dec'] < row['decom'] && errors.length === 0) {
        errors.push({
          file: file.source.name, row: line, column: 'DEC', value: row['dec'], rule: 'episodes.dec.before-decom',
          message: `the episode ends (${row['dec']}) before it starts (${row['decom']})`,
        }); // prettier-ignore
      }
      errors.forEach(onError);
      yield { line, row };
    }
  } catch (error) {
    onError(csvError(file.source.name, error));
  }
}

/**
 * The first, streaming pass of an import: identifies every table by its columns, groups files into annual returns
 * by the year in their names, reads each return's collection year, and checks every cell of every row. Nothing is
 * kept but the plan, the row counts and the errors. Checks that span rows (a child twice in a header, an episode
 * with no header row, an episode before the date of birth) are made by the caller while writing (the council does
 * them in SQL on staging tables, inside the transaction it rolls back when one fails).
 */
export async function validateSources(
  input: Ssda903Source[],
  onProgress: (file: string, rows: number) => void = () => undefined,
): Promise<ValidationReport> {
  const errors = new ErrorList();
  const sources = await expandXmlSources(input, errors);
  const planned: PlannedFile[] = [];
  for (const source of sources) {
    const file = await planFile(source, errors);
    if (file) planned.push(file);
  }
  const groups = groupReturns(planned.map((f) => ({ name: f.source.name, file: f })));
  if (groups.length > 1 && groups.some((g) => g.label === null)) {
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
    const episodes = files.find((f) => f.table === 'episodes');
    const fromData = episodes ? await yearOfEpisodes(episodes) : null;
    // A return with no new starts is given the year after the previous one, so years increase with the names.
    const previous = returns.at(-1)?.collectionYear ?? null;
    const collectionYear = fromData !== null && previous !== null && fromData <= previous ? previous + 1 : fromData;
    returns.push({ label: g.label, collectionYear, files });
  }
  const rows = new Map<string, number>();
  for (const r of returns) {
    for (const f of r.files) {
      let n = 0;
      for await (const _ of validatedRows(f, r.collectionYear, (e) => errors.push(e))) {
        n += 1;
        if (n % 10_000 === 0) onProgress(f.source.name, n);
      }
      rows.set(f.source.name, n);
      onProgress(f.source.name, n);
    }
  }
  return { returns, errors: errors.kept, totalErrors: errors.total, rows };
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
