import type { CsvLine } from './csv.js';
import type { ImportError } from './rows.js';
import { YEAR_IN_NAME } from './returns.js';

/**
 * Regional extracts (LIIA-style, the demand models): one file per table holding several years, each row carrying
 * the council (`LA`) and the collection year (`YEAR`, the year of the 31 March that ends it). Such a file is split
 * into one part per YEAR value, each read as that year's table (rows keep their line numbers in the file), so the
 * returns are grouped by the YEAR column, not only by file name (ADR 0044).
 */

/** The importing council, whose rows alone an extract may hold: its ONS code, and its name as pipelines write it. */
export interface ImportingCouncil {
  code: string;
  name?: string;
}

/** A file as planned for reading: its name, its rows a chunk at a time, and its columns (upper case). */
export interface ExtractFile {
  name: string;
  columns: string[];
  records: () => AsyncGenerator<CsvLine[]>;
}

/** One year's part of a file: the name it is reported under, its year, and its rows (the column header first). */
export interface ExtractPart {
  name: string;
  year: string;
  records: () => AsyncGenerator<CsvLine[]>;
}

const YEAR_VALUE = /^(19|20)\d{2}$/;

const error = (file: string, row: number, column: string, value: string, rule: string, message: string) =>
  ({ file, row, column, value, rule, message }) satisfies ImportError;

/**
 * Reads a file with a YEAR column once: every row's YEAR must be a year, agree with the year in the file's name (if
 * it has one) and, with an LA column, every row must be the importing council's. Returns the file's parts by year
 * (null when the file has no YEAR column, or after errors: read as it is). Rows whose record is too short for the YEAR
 * column are errors here too, so no row is left out of every part.
 */
export async function splitByYear(
  file: ExtractFile,
  council: ImportingCouncil | null,
  push: (e: ImportError) => void,
): Promise<ExtractPart[] | null> {
  const yearAt = file.columns.indexOf('YEAR');
  if (yearAt < 0) return null;
  const laAt = file.columns.indexOf('LA');
  const named = YEAR_IN_NAME.exec(file.name)?.[1] ?? null;
  const ours = council
    ? new Set([council.code, council.name].filter((v): v is string => !!v).map((v) => v.trim().toUpperCase()))
    : null;
  const years = new Set<string>();
  let failed = false;
  let header = true;
  const fail = (e: ImportError) => {
    failed = true;
    push(e);
  };
  for await (const batch of file.records()) {
    for (const { line, record } of batch) {
      if (header) {
        header = false;
        continue;
      }
      if (record.every((v) => v === '')) continue;
      const year = (record[yearAt] ?? '').trim();
      if (!YEAR_VALUE.test(year)) {
        fail(error(file.name, line, 'YEAR', year, 'extract.year.format',
          'YEAR must be the year of the 31 March ending the collection year, e.g. 2021')); // prettier-ignore
        continue;
      }
      if (named !== null && year !== named) {
        fail(error(file.name, line, 'YEAR', year, 'extract.year.name',
          `YEAR ${year} disagrees with the year ${named} in the file's name: rename the file or correct its YEAR`)); // prettier-ignore
        continue;
      }
      years.add(year);
      const la = laAt < 0 ? '' : (record[laAt] ?? '').trim();
      if (ours && la !== '' && !ours.has(la.toUpperCase())) {
        fail(error(file.name, line, 'LA', la, 'extract.la.other',
          `LA ${la} is another council's: this instance imports ${council!.code}${council!.name ? ` (${council!.name})` : ''} only`)); // prettier-ignore
      }
    }
  }
  // Refused: the import fails on these errors; the file is read as it is, so no other error follows from the split.
  if (failed) return null;
  const sorted = [...years].sort();
  // One year, named by the file's name or its YEAR: the file is read as it is, grouped by that year.
  if (sorted.length <= 1) return [{ name: file.name, year: sorted[0] ?? named ?? '', records: file.records }];
  return sorted.map((year) => ({
    name: `${file.name} (YEAR ${year})`,
    year,
    records: async function* () {
      let first = true;
      for await (const batch of file.records()) {
        const kept = batch.filter((r) => {
          if (first) {
            first = false;
            return true;
          }
          return (r.record[yearAt] ?? '').trim() === year;
        });
        if (kept.length > 0) yield kept;
      }
    },
  }));
}
