import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseReturns } from './oracle/stitch.js';
import { fileSource, textSource, validateSources } from './stream.js';

/** The hand-made regional extract (fixtures/liia; its README says who is looked after when). */
const dir = join(import.meta.dirname, '../fixtures/liia');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');
const STOKE = { code: 'E06000021', name: 'Stoke-on-Trent' };

describe('regional extracts: one file per table, several years each', () => {
  it('groups rows into returns by their YEAR column', async () => {
    const report = await validateSources(
      ['header.csv', 'episodes.csv', 'reviews.csv'].map((f) => fileSource(f, join(dir, f))),
      undefined,
      STOKE,
    );
    expect(report.errors).toEqual([]);
    expect(report.returns.map((r) => [r.label, r.collectionYear, r.files.map((f) => f.source.name).sort()])).toEqual([
      ['2020', 2020, ['episodes.csv (YEAR 2020)', 'header.csv (YEAR 2020)', 'reviews.csv (YEAR 2020)']],
      ['2021', 2021, ['episodes.csv (YEAR 2021)', 'header.csv (YEAR 2021)', 'reviews.csv (YEAR 2021)']],
    ]);
    expect(Object.fromEntries(report.rows)).toEqual({
      'header.csv (YEAR 2020)': 1,
      'header.csv (YEAR 2021)': 3,
      'episodes.csv (YEAR 2020)': 2,
      'episodes.csv (YEAR 2021)': 3,
      'reviews.csv (YEAR 2020)': 1,
      'reviews.csv (YEAR 2021)': 1,
    });
  });

  it('keeps the line numbers of the file in each year', async () => {
    const bad = read('episodes.csv').replace('L3,2020-07-01,S,C2', 'L3,2020-07-01,S,Q9');
    const report = await validateSources([
      textSource('episodes.csv', bad),
      textSource('header.csv', read('header.csv')),
    ]);
    expect(report.errors.map((e) => `${e.file}:${e.row}:${e.column}:${e.value}`)).toEqual([
      'episodes.csv (YEAR 2021):6:LS:Q9',
    ]);
  });

  it("refuses a YEAR that disagrees with the year in the file's name, naming file, line and both years", async () => {
    const report = await validateSources([
      textSource('2020-header.csv', read('header.csv')),
      textSource('2020-episodes.csv', read('episodes.csv').split('\n').slice(0, 3).join('\n')),
    ]);
    expect(report.errors.map((e) => [e.file, e.row, e.rule, e.message])).toEqual(
      [3, 4, 5].map((line) => [
        '2020-header.csv',
        line,
        'extract.year.name',
        "YEAR 2021 disagrees with the year 2020 in the file's name: rename the file or correct its YEAR",
      ]),
    );
  });

  it('refuses rows of another council, naming file, line and LA; a YEAR that is not a year', async () => {
    const other = read('episodes.csv').replace('E06000021,2021\nL3', 'E08000025,2021\nL3');
    const report = await validateSources(
      [textSource('episodes.csv', other), textSource('header.csv', read('header.csv').replace(',2020\n', ',20\n'))],
      undefined,
      STOKE,
    );
    expect(report.errors.map((e) => [e.file, e.row, e.column, e.value, e.rule, e.message])).toEqual([
      [
        'episodes.csv',
        5,
        'LA',
        'E08000025',
        'extract.la.other',
        "LA E08000025 is another council's: this instance imports E06000021 (Stoke-on-Trent) only",
      ],
      [
        'header.csv',
        2,
        'YEAR',
        '20',
        'extract.year.format',
        'YEAR must be the year of the 31 March ending the collection year, e.g. 2021',
      ],
    ]);
    // The council's name, as some pipelines write it, is the council too.
    const byName = read('reviews.csv').replace(/E06000021/g, 'stoke-on-trent');
    const named = await validateSources(
      [textSource('reviews.csv', byName), textSource('header.csv', read('header.csv'))],
      undefined,
      STOKE,
    );
    expect(named.errors.filter((e) => e.rule.startsWith('extract.'))).toEqual([]);
  });

  it('reads a header row with no DOB (another file may give it); the in-memory reader names the child', async () => {
    const header = read('header.csv').replace('L3,1,2015-07-01,', 'L3,1,,');
    const streamed = await validateSources(
      [textSource('header.csv', header), textSource('episodes.csv', read('episodes.csv'))],
      undefined,
      STOKE,
    );
    expect(streamed.errors).toEqual([]); // checked across files by the council, in SQL (counting.int-spec.ts)
    const parsed = await parseReturns([{ name: '2021-header.csv', content: header.replace(/^L1.*2020\n/m, '') }]);
    expect(
      parsed.errors.filter((e) => e.rule.startsWith('header.')).map((e) => [e.file, e.row, e.rule, e.message]),
    ).toEqual([['2021-header.csv', 4, 'header.dob.missing', "child L3 has no date of birth in this return's header"]]);
  });
});
