// TEST ORACLE (issue 21): several returns read in memory and stitched by the TypeScript twin of the stitching rule.
// The council imports through `readSources` and stitches with `stitchedEpisodesSql` (stitch-sql.ts), the one
// definition it runs; tests compare the two on the same returns.
import type { EpisodeRow, HeaderRow, ImportError, OtherRow, OtherTable } from '../rows.js';
import { REPAIRS } from '../stitch-sql.js';
import { groupReturns } from '../returns.js';
import { expandXml, XmlFormatError } from '../xml.js';
import { parseReturn, type ParsedReturn } from './parse-return.js';

export interface StitchedReturns {
  /** The returns found, oldest first, each validated on its own. */
  returns: (ParsedReturn & { files: string[] })[];
  errors: ImportError[];
  /** One header row per child: the latest return's. */
  header: HeaderRow[];
  /** One row per (child, start date): the latest return's, with sourceYear, effectiveDec and repair set. */
  episodes: EpisodeRow[];
  /** The other tables by collection year. */
  other: { collectionYear: number; table: OtherTable; rows: OtherRow[] }[];
  repairs: { child: string; decom: string; rule: string; effectiveDec: string }[];
}

/**
 * Reads several annual returns and stitches them into one history (SSDA903.md 1.5). Each return repeats the episodes
 * open at the previous 31 March: a later return's row for the same child and start date supersedes the earlier
 * one. End dates for counting (`effectiveDec`) follow the stitching rule (stitch-sql.ts; README "Counting rules"),
 * here through its TypeScript oracle `stitchEpisodes`. Every repair is listed; the statutory DEC and REC are left
 * as reported. In-memory: for tests and small files; the council imports through `readSources` and SQL.
 */
export async function parseReturns(input: { name: string; content: string }[]): Promise<StitchedReturns> {
  const errors: ImportError[] = [];
  let files: { name: string; content: string }[] = [];
  for (const f of input) {
    try {
      files.push(...expandXml([f]));
    } catch (error) {
      if (!(error instanceof XmlFormatError)) throw error;
      errors.push({ file: f.name, row: 0, column: '', value: '', rule: 'file.xml', message: error.message });
    }
  }
  if (errors.length > 0) files = [];
  const groups = groupReturns(files);
  if (groups.length > 1 && groups.some((g) => g.label === null)) {
    for (const f of groups.find((g) => g.label === null)!.files) {
      errors.push({
        file: f.name,
        row: 0,
        column: '',
        value: f.name,
        rule: 'return.year.unknown',
        message: 'several years are being imported: name each file with its year (e.g. 2019-episodes.csv)',
      });
    }
  }
  const returns: StitchedReturns['returns'] = [];
  // Oldest first by the year in the names. A return's year is read from its data (its latest episode start); a
  // return with no new starts is given the year after the previous one, so years increase with the names.
  groups.sort((a, b) => (a.label ?? '').localeCompare(b.label ?? ''));
  for (const g of groups) {
    const parsed = await parseReturn(g.files);
    errors.push(...parsed.errors);
    const previous = returns.at(-1)?.collectionYear ?? null;
    const collectionYear =
      parsed.collectionYear !== null && previous !== null && parsed.collectionYear <= previous
        ? previous + 1
        : parsed.collectionYear;
    returns.push({ ...parsed, collectionYear, files: g.files.map((f) => f.name) });
  }
  if (errors.length > 0) return { returns, errors, header: [], episodes: [], other: [], repairs: [] };

  const header = new Map<string, HeaderRow>();
  const episodes = new Map<string, EpisodeRow>();
  for (const r of returns) {
    for (const h of r.header) header.set(h.child, { ...h, sourceYear: r.collectionYear! });
    for (const e of r.episodes) episodes.set(`${e.child}/${e.decom}`, { ...e, sourceYear: r.collectionYear! });
  }
  const stitched = stitchEpisodes([...episodes.values()], Math.max(...returns.map((r) => r.collectionYear ?? 0)));
  return {
    returns,
    errors,
    header: [...header.values()],
    episodes: stitched.episodes,
    other: returns.flatMap((r) =>
      Object.entries(r.other).map(([table, rows]) => ({
        collectionYear: r.collectionYear!,
        table: table as OtherTable,
        rows: rows!,
      })),
    ),
    repairs: stitched.repairs,
  };
}

/**
 * TEST ORACLE ONLY: the stitching rule of `stitchedEpisodesSql` (stitch-sql.ts, the one definition the council
 * runs) in TypeScript, for reading returns in memory in tests and checking the SQL against. Sets `effectiveDec`
 * and `repair` on one council's episodes (each carrying its `sourceYear`), given the latest collection year held.
 */
export function stitchEpisodes(
  all: EpisodeRow[],
  latestYear: number,
): { episodes: EpisodeRow[]; repairs: StitchedReturns['repairs'] } {
  const byChild = new Map<string, EpisodeRow[]>();
  for (const e of all) byChild.set(e.child, [...(byChild.get(e.child) ?? []), e]);
  const out: EpisodeRow[] = [];
  const repairs: StitchedReturns['repairs'] = [];
  for (const list of byChild.values()) {
    list.sort((a, b) => a.decom.localeCompare(b.decom));
    list.forEach((e, i) => {
      const next = list[i + 1]?.decom ?? null;
      let effectiveDec = e.dec;
      let repair: string | null = null;
      if (e.dec === null && (e.sourceYear ?? latestYear) < latestYear) {
        // Open on its return's 31 March, absent from the next return: counted up to and including that day.
        const dayAfter = `${e.sourceYear}-04-01`;
        [effectiveDec, repair] =
          next !== null && next <= dayAfter ? [next, REPAIRS.closedByNextEpisode] : [dayAfter, REPAIRS.closedAtYearEnd];
        if (effectiveDec < e.decom) effectiveDec = e.decom;
      } else if (next !== null && (e.dec === null || e.dec > next)) {
        [effectiveDec, repair] = [next, REPAIRS.overlapTrimmed];
      }
      out.push({ ...e, effectiveDec, repair });
      if (repair) repairs.push({ child: e.child, decom: e.decom, rule: repair, effectiveDec: effectiveDec! });
    });
  }
  return { episodes: out, repairs };
}
