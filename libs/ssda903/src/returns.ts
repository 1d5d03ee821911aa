// Which files make one annual return: a regional extract's YEAR column, or the year in the file's name.
export const YEAR_IN_NAME = /(?:^|\D)((?:19|20)\d{2})(?:\D|$)/;

/**
 * Splits files into annual returns by their YEAR column (regional extracts) or the year in their names (`2019-episodes.csv`, `2019/header.csv`); tables
 * inside a return are still identified by their columns. Files with no year form one return.
 */
export function groupReturns<F extends { name: string; year?: string | null }>(
  files: F[],
): { label: string | null; files: F[] }[] {
  const groups = new Map<string | null, F[]>();
  for (const f of files) {
    // A regional extract's YEAR column (extract.ts) names the year; otherwise the file's name does.
    const year = f.year || (YEAR_IN_NAME.exec(f.name)?.[1] ?? null);
    groups.set(year, [...(groups.get(year) ?? []), f]);
  }
  return [...groups].map(([label, list]) => ({ label, files: list }));
}
