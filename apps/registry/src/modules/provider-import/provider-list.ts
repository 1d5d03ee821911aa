import { cellText } from './provider-list-cells.js';
import { parseProviderRow } from './provider-list-row.js';
import { listSheets, readSheets, sheetColumns, type Sheet } from './provider-list-sheets.js';
import type { ParsedProviderList, ProviderListRow } from './provider-list-vocabulary.js';

/**
 * Reads the Ofsted / DfE provider-list layouts (SSDA903.md "Provider lists"): the children's homes list, the social
 * care providers list and the 2025 combined list ("Providers" and "SA Providers" sheets), as CSV or xlsx. Column names
 * are matched case-insensitively against each layout's spelling. Every problem is reported per row and column, and
 * only rows without one are returned: the caller imports those (lenient) or refuses the file (strict). The lists'
 * own non-values are read as what they mean: "-" is not given, and the known texts Ofsted puts where a grade goes
 * ("Not provided as service is inspected as part of the ILACS inspection") are "not graded", the text kept.
 */
// In phases: the file's sheets (provider-list-sheets.ts), each sheet's header to columns, each row to a row or its
// errors (provider-list-row.ts); cells are read by provider-list-cells.ts, the lists' words by the vocabulary.
export {
  DEFAULT_AGES,
  FRAMEWORK_KINDS,
  OFSTED_GRADES,
  SETTING_SEXES,
  type FrameworkKind,
  type FrameworkMembership,
  type ImportError,
  type OfstedGrade,
  type ParsedProviderList,
  type ProviderListRow,
  type SettingSex,
} from './provider-list-vocabulary.js';
export { parseFrameworks, parseListDate, postcodeDistrict } from './provider-list-cells.js';

/** Parses one provider-list file (CSV or xlsx). */
export async function parseProviderList(fileName: string, content: Buffer): Promise<ParsedProviderList> {
  const out: ParsedProviderList = { rows: [], errors: [], outOfScope: 0 };
  let sheets: Sheet[];
  try {
    sheets = await readSheets(fileName, content);
  } catch (error) {
    const message = `cannot read file: ${(error as Error).message}`;
    return { ...out, errors: [{ file: fileName, row: 0, column: '', value: '', message }] };
  }
  const lists = listSheets(sheets);
  if (lists.length === 0) {
    const message = 'no sheet with a provider-list header (URN and Provider type / Provision type columns)';
    return { ...out, errors: [{ file: fileName, row: 1, column: 'URN', value: '', message }] };
  }
  for (const sheet of lists) {
    const columns = sheetColumns(sheets.length > 1 ? `${fileName}#${sheet.name}` : fileName, sheet);
    if ('errors' in columns) {
      out.errors.push(...columns.errors);
      continue;
    }
    for (let r = 1; r < sheet.rows.length; r++) {
      const raw = sheet.rows[r] ?? [];
      if (raw.every((c) => cellText(c) === '')) continue;
      const result = parseProviderRow(columns, raw, r + 1);
      if (result === 'out-of-scope') out.outOfScope += 1;
      else if ('errors' in result) out.errors.push(...result.errors);
      else out.rows.push(result.row);
    }
  }
  return out;
}

/** Parses several files; a URN listed twice (in one file or across files) is an error on its second row. */
export async function parseProviderLists(files: { name: string; content: Buffer }[]): Promise<ParsedProviderList> {
  const all: ParsedProviderList = { rows: [], errors: [], outOfScope: 0 };
  const seen = new Map<string, ProviderListRow>();
  for (const f of files) {
    const parsed = await parseProviderList(f.name, f.content);
    all.errors.push(...parsed.errors);
    all.outOfScope += parsed.outOfScope;
    for (const row of parsed.rows) {
      const first = seen.get(row.urn);
      if (first) {
        all.errors.push({
          file: row.file,
          row: row.row,
          column: 'URN',
          value: row.urn,
          message: `URN listed twice (first at ${first.file} row ${first.row})`,
        });
        continue;
      }
      seen.set(row.urn, row);
      all.rows.push(row);
    }
  }
  return all;
}
