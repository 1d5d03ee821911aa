import { parse } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import { cellText, norm, type Cell } from './provider-list-cells.js';
import type { SheetColumns } from './provider-list-row.js';
import { COLUMNS, NEED_COLUMNS, REQUIRED, type Field, type ImportError } from './provider-list-vocabulary.js';

export interface Sheet {
  name: string;
  rows: Cell[][];
}

/** The file's sheets: every sheet of an xlsx workbook, or the CSV as one sheet named after the file. */
export async function readSheets(fileName: string, content: Buffer): Promise<Sheet[]> {
  if (/\.xlsx$/i.test(fileName)) {
    const sheets = await readXlsxFile(content);
    return sheets.map((s) => ({ name: s.sheet, rows: s.data as Cell[][] }));
  }
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
  return [{ name: fileName, rows }];
}

/** The sheets whose header names a URN and a provider-type column: the ones that are a provider list. */
export function listSheets(sheets: Sheet[]): Sheet[] {
  return sheets.filter((s) => {
    const header = (s.rows[0] ?? []).map((c) => norm(cellText(c)));
    return header.includes('urn') && COLUMNS.providerType.some((c) => header.includes(c));
  });
}

/** Where each field stands in a sheet's header, or an error per required column it lacks. */
export function sheetColumns(label: string, sheet: Sheet): SheetColumns | { errors: ImportError[] } {
  const header = (sheet.rows[0] ?? []).map((c) => cellText(c));
  const normalised = header.map(norm);
  const index = {} as Record<Field, number>;
  for (const field of Object.keys(COLUMNS) as Field[]) {
    index[field] = COLUMNS[field].map((c) => normalised.indexOf(c)).find((i) => i >= 0) ?? -1;
  }
  const needIndex = Object.entries(NEED_COLUMNS)
    .map(([column, flag]) => ({ flag, i: normalised.indexOf(column), column }))
    .filter((n) => n.i >= 0);
  const missing = REQUIRED.filter((f) => index[f] < 0);
  if (missing.length > 0)
    return {
      errors: missing.map((f) => ({
        file: label,
        row: 1,
        column: COLUMNS[f][0]!,
        value: '',
        message: `missing column (any of: ${COLUMNS[f].join(', ')})`,
      })),
    };
  return { label, header, index, needIndex };
}
