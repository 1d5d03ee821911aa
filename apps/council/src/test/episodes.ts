import { expect } from '@jest/globals';
import pg from 'pg';
import type { GraphqlResult } from '@rcc/platform';
import { parseReturns } from '@rcc/ssda903';

/** An episode in a comparable form: child/start, counting end date and repair. */
const sorted = (rows: string[]) => rows.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Every episode a council database stores, with its counting end date and repair (as stitched in SQL). */
export async function storedEpisodes(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = (
      await client.query(`SELECT child_id, to_char(decom, 'YYYY-MM-DD') AS decom,
                                 to_char(dec_effective, 'YYYY-MM-DD') AS eff, repair
                            FROM episode ORDER BY child_id, decom`)
    ).rows as { child_id: string; decom: string; eff: string | null; repair: string | null }[];
    return sorted(rows.map((e) => `${e.child_id}/${e.decom} ${e.eff} ${e.repair}`));
  } finally {
    await client.end();
  }
}

/** The same, as the library's in-memory reader stitches the files (the oracle for the SQL). */
export async function libraryEpisodes(files: { name: string; content: string }[]): Promise<string[]> {
  const parsed = await parseReturns(files);
  expect(parsed.errors).toEqual([]);
  return sorted(parsed.episodes.map((e) => `${e.child}/${e.decom} ${e.effectiveDec ?? null} ${e.repair ?? null}`));
}

/** A row error of a refused import. */
export interface RowError {
  file: string;
  row: number;
  column?: string;
  rule?: string;
  message: string;
}

/** The row errors of an import the council refused; fails unless it was refused as IMPORT_REJECTED. */
export function rejectedRows(result: GraphqlResult<unknown>): RowError[] {
  const ext = result.errors?.[0]?.extensions as { code: string; details: { errors: RowError[] } } | undefined;
  expect(ext?.code).toBe('IMPORT_REJECTED');
  return ext!.details.errors;
}
