// TEST ORACLE (issue 21): the in-memory reader of one return, the first way this library read SSDA903. The council
// imports through the streaming pass (`readSources`, stream.ts); this reads whole files held as strings, simply,
// so tests can compare the two (and read small hand-made returns). It shares the streaming pass's cell rules
// (cells.ts) and table identification (rows.ts), never its own copy of them.
import { parse } from 'csv-parse/sync';
import { cellReader, codesFor, requiredError } from '../cells.js';
import { collectionYearOf, parseDate } from '../dates.js';
import {
  identify,
  type EpisodeRow,
  type HeaderRow,
  type ImportError,
  type OtherRow,
  type OtherTable,
} from '../rows.js';
import { ROW_KEYS, TABLE_NAMES, type ColumnSpec, type TableName } from '../tables.js';

export interface ParsedReturn {
  /** The year of the 31 March closing the collection year of the latest episode start (the LIIA "YEAR"). */
  collectionYear: number | null;
  header: HeaderRow[];
  episodes: EpisodeRow[];
  /** The other tables present in the return, validated. */
  other: Partial<Record<OtherTable, OtherRow[]>>;
  errors: ImportError[];
  tables: { file: string; table: TableName; rows: number }[];
}

export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

function readCsv(
  file: string,
  content: string,
  errors: ImportError[],
): { columns: string[]; records: CsvRecord[] } | null {
  if (content.trim() === '') {
    errors.push({ file, row: 1, column: '', value: '', rule: 'file.empty', message: 'the file is empty' });
    return null;
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(content, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as never;
  } catch (error) {
    const e = error as Error & { lines?: number };
    errors.push({
      file,
      row: e.lines ?? 1,
      column: '',
      value: '',
      rule: 'file.csv',
      message: `not valid CSV: ${e.message}`,
    });
    return null;
  }
  const [head, ...body] = rows;
  const columns = head!.record.map((c) => c.toUpperCase());
  const records: CsvRecord[] = [];
  for (const { record, info } of body) {
    if (record.every((v) => v === '')) continue;
    if (record.length !== columns.length) {
      errors.push({
        file,
        row: info.lines,
        column: '',
        value: record.join(','),
        rule: 'row.columns',
        message: `has ${record.length} values but the file has ${columns.length} columns`,
      });
      continue;
    }
    records.push({ line: info.lines, values: Object.fromEntries(columns.map((c, i) => [c, record[i]!])) });
  }
  return { columns, records };
}

export function readRow(
  file: string,
  table: string,
  specs: ColumnSpec[],
  rec: CsvRecord,
  collectionYear: number | null,
  errors: ImportError[],
): Record<string, string | null> {
  const row: Record<string, string | null> = {};
  for (const spec of specs) {
    const raw = rec.values[spec.column] ?? '';
    const err = ({ rule, message }: { rule: string; message: string }) =>
      errors.push({ file, row: rec.line, column: spec.column, value: raw, rule, message });
    if (raw === '') {
      if (spec.required) err(requiredError(table, spec));
      row[spec.field] = null;
      continue;
    }
    const codes = spec.kind.type === 'code' ? codesFor(spec, collectionYear) : null;
    const read = cellReader(table, spec, codes, collectionYear)(raw);
    if (read.rule) err({ rule: read.rule, message: read.message! });
    row[spec.field] = read.value;
  }
  return row;
}

/**
 * The collection year of a return: that of its latest episode start (a return's episodes start within its year or
 * are carried over from earlier ones; end dates can run past 31 March in practice). Read before validation, since
 * code lists depend on it.
 */
function yearOfEpisodes(records: CsvRecord[]): number | null {
  let latest: string | null = null;
  for (const r of records) {
    const iso = r.values['DECOM'] ? parseDate(r.values['DECOM']) : null;
    if (iso && (latest === null || iso > latest)) latest = iso;
  }
  return latest ? collectionYearOf(latest) : null;
}

/**
 * Reads and checks one SSDA903 return (one collection year: its header and episodes tables and any of the others,
 * as CSV). Everything is checked before anything is usable: the caller stores nothing when `errors` is not empty.
 */
export async function parseReturn(files: { name: string; content: string }[]): Promise<ParsedReturn> {
  const errors: ImportError[] = [];
  const read: { file: string; table: TableName; specs: ColumnSpec[]; records: CsvRecord[] }[] = [];
  for (const { name, content } of files) {
    const csv = readCsv(name, content, errors);
    if (!csv) continue;
    const identified = identify(csv.columns);
    if ('error' in identified) {
      errors.push({ file: name, ...identified.error });
      continue;
    }
    read.push({ file: name, table: identified.table, specs: identified.specs, records: csv.records });
  }
  for (const table of TABLE_NAMES) {
    const of = read.filter((f) => f.table === table);
    if (of.length === 0 && (table === 'header' || table === 'episodes')) {
      errors.push({
        file: '',
        row: 0,
        column: '',
        value: '',
        rule: `return.${table}.missing`,
        message: `the return has no ${table} table`,
      });
    }
    if (of.length > 1) {
      errors.push({
        file: of.map((f) => f.file).join(', '),
        row: 0,
        column: '',
        value: '',
        rule: `return.${table}.duplicate`,
        message: `the return has ${of.length} ${table} tables; send one`,
      });
    }
  }
  const collectionYear = yearOfEpisodes(read.find((f) => f.table === 'episodes')?.records ?? []);
  const parsed = read.map((f) => ({
    ...f,
    rows: f.records.map((r) => readRow(f.file, f.table, f.specs, r, collectionYear, errors)),
    lines: f.records.map((r) => r.line),
  }));
  const headerFile = parsed.find((f) => f.table === 'header');
  const episodeFile = parsed.find((f) => f.table === 'episodes');
  const header = (headerFile?.rows ?? []) as unknown as HeaderRow[];
  const episodes = (episodeFile?.rows ?? []) as unknown as EpisodeRow[];

  // Checks across rows and tables.
  const dobs = new Map<string, string | null>();
  header.forEach((h, i) => {
    if (h.child === null) return;
    if (dobs.has(h.child)) {
      errors.push({
        file: headerFile!.file,
        row: headerFile!.lines[i]!,
        column: 'CHILD',
        value: h.child,
        rule: 'header.child.duplicate',
        message: `child ${h.child} appears more than once in the header`,
      });
    }
    const line = headerFile!.lines[i]!;
    // A blank DOB (an invalid one has its own error).
    if (h.dob === null && !errors.some((e) => e.file === headerFile!.file && e.row === line && e.column === 'DOB')) {
      errors.push({
        file: headerFile!.file,
        row: headerFile!.lines[i]!,
        column: 'DOB',
        value: '',
        rule: 'header.dob.missing',
        message: `child ${h.child} has no date of birth in this return's header`,
      });
    }
    dobs.set(h.child, h.dob);
  });
  const keys = new Set<string>();
  episodes.forEach((e, i) => {
    const line = episodeFile!.lines[i]!;
    const file = episodeFile!.file;
    if (e.child === null || e.decom === null) return;
    const key = `${e.child}/${e.decom}`;
    if (keys.has(key)) {
      errors.push({
        file,
        row: line,
        column: 'CHILD,DECOM',
        value: key,
        rule: 'episodes.key.duplicate',
        message: `child ${e.child} has two episodes starting ${e.decom}`,
      });
    }
    keys.add(key);
    if (headerFile && !dobs.has(e.child)) {
      errors.push({
        file,
        row: line,
        column: 'CHILD',
        value: e.child,
        rule: 'episodes.child.not-in-header',
        message: `child ${e.child} has an episode but no header row`,
      });
    }
    if (e.dec !== null && e.dec < e.decom) {
      errors.push({
        file,
        row: line,
        column: 'DEC',
        value: e.dec,
        rule: 'episodes.dec.before-decom',
        message: `the episode ends (${e.dec}) before it starts (${e.decom})`,
      });
    }
    const dob = dobs.get(e.child);
    if (dob && e.decom < dob) {
      errors.push({
        file,
        row: line,
        column: 'DECOM',
        value: e.decom,
        rule: 'episodes.decom.before-dob',
        message: `the episode starts (${e.decom}) before the child's date of birth (${dob})`,
      });
    }
  });
  const other: Partial<Record<OtherTable, OtherRow[]>> = {};
  for (const f of parsed) {
    if (f.table === 'header' || f.table === 'episodes') continue;
    const table = f.table;
    const seen = new Set<string>();
    const rowKey = ROW_KEYS[table];
    f.rows.forEach((row, i) => {
      if (row['child'] === null || rowKey === null) return;
      const key = [row['child'], ...rowKey.map((k) => row[k])].join('/');
      if (seen.has(key)) {
        errors.push({
          file: f.file,
          row: f.lines[i]!,
          column: ['CHILD', ...rowKey].join(','),
          value: key,
          rule: `${table}.key.duplicate`,
          message: `${table} has this row twice (${key})`,
        });
      }
      seen.add(key);
    });
    other[table] = f.rows as OtherRow[];
  }

  return {
    collectionYear,
    header,
    episodes,
    other,
    errors,
    tables: parsed.map((f) => ({ file: f.file, table: f.table, rows: f.rows.length })),
  };
}
