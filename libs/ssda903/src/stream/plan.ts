// Planning: each file's table, told by its column header, and the files grouped into annual returns.
import { splitByYear, type ImportingCouncil } from '../extract.js';
import { groupReturns } from '../returns.js';
import { identify, type ImportError } from '../rows.js';
import { TABLE_NAMES } from '../tables.js';
import { csvError, type ErrorList, type PlannedFile, type PlannedReturn } from './report.js';
import { csvRecords, expandXmlSources, type Ssda903Source } from './sources.js';

/** Reads a file's column header (its first record) and identifies the table from it. */
export async function planFile(
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

/**
 * Plans an import: XML expanded, every table identified by its columns, regional extracts split by their YEAR
 * column (ADR 0044), and the files grouped into annual returns (oldest first), each with its header and episodes
 * tables once. Errors and warnings go to the lists given.
 */
export async function planReturns(
  input: Ssda903Source[],
  council: ImportingCouncil | null,
  errors: ErrorList,
  warnings: ImportError[],
): Promise<PlannedReturn[]> {
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
  return returns;
}
