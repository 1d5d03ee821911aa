import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import { useCouncil } from '@rcc/testing';
import { libraryEpisodes, rejectedRows, storedEpisodes } from './test/episodes.js';

/**
 * Counting on the hand-made three-year return (libs/ssda903/fixtures/three-years; its README says who is looked
 * after when): the stitching rule as the council runs it in SQL, on the first import and on re-stitching after a
 * later return, equals the library's TypeScript oracle; each child is counted on the right 31 March; nobody is
 * counted past the data.
 */
const DIR = join(repoRoot(), 'libs/ssda903/fixtures/three-years');
const COUNCIL = 'E06000021';
const files = (year?: string) =>
  readdirSync(DIR)
    .filter((f) => f.endsWith('.csv') && (!year || f.startsWith(year)))
    .sort()
    .map((f) => ({ name: f, content: readFileSync(join(DIR, f), 'utf8') }));

const IMPORT = `mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { years snapshotAsAt snapshotTotal } }`;
const INDICATORS = `query($asAt: String) { councilIndicators(asAt: $asAt) { asAt lookedAfter } }`;

describe('counting each child on the right days, in SQL', () => {
  const council = useCouncil('council_counting', { code: COUNCIL, name: 'Stoke-on-Trent', sharing: 'none' });
  const gql = <T>(query: string, variables: Record<string, unknown>) => council.gql<T>(query, variables);
  const stored = () => storedEpisodes(council.db.url);
  const oracle = () => libraryEpisodes(files());

  it('stitches in SQL as the oracle does, on the first import and when a later return re-stitches', async () => {
    // The first two years (inserted stitched into empty tables), then the third (merged, then re-stitched).
    const first = await gql<{ importSsda903: { years: number[]; snapshotTotal: number } }>(IMPORT, {
      input: { files: [...files('2019'), ...files('2020')] },
    });
    expect(first.errors).toBeUndefined();
    expect(first.data!.importSsda903).toMatchObject({ years: [2019, 2020], snapshotTotal: 4 });
    const second = await gql<{ importSsda903: { years: number[]; snapshotAsAt: string; snapshotTotal: number } }>(
      IMPORT,
      { input: { files: files('2021') } },
    );
    expect(second.errors).toBeUndefined();
    expect(second.data!.importSsda903).toMatchObject({ years: [2021], snapshotAsAt: '2021-03-31', snapshotTotal: 2 });
    expect(await stored()).toEqual(await oracle());
    // B: open in 2018-19, absent from 2019-20: counted to 31 March 2019 (its end for counting is 1 April).
    expect((await stored()).find((r) => r.startsWith('B/'))).toBe(
      'B/2018-06-01 2019-04-01 open-in-earlier-return:counted-to-its-31-march',
    );
  });

  it('counts each 31 March as the returns say, and refuses to count past the latest return', async () => {
    const at = async (asAt: string) =>
      gql<{ councilIndicators: { lookedAfter: number } }>(INDICATORS, { asAt }).then(
        (r) => r.data?.councilIndicators.lookedAfter,
      );
    expect(await at('2019-03-31')).toBe(3); // A, B, H
    expect(await at('2020-03-31')).toBe(4); // A, C, E, G
    expect(await at('2021-03-31')).toBe(2); // A, H (D adopted, G 18)
    const past = await gql(INDICATORS, { asAt: '2021-04-30' });
    expect(past.errors?.[0]?.message).toMatch(
      /2021-04-30 is after the latest return held \(2020-21, which ends on 2021-03-31\)/,
    );
    const snapshot = await gql(IMPORT, { input: { files: files('2019'), asAt: '2022-03-31' } });
    expect(snapshot.errors?.[0]?.message).toMatch(/2022-03-31 is after the latest return held/);
  });
});

describe('LIIA-style extracts: LA and YEAR columns, ISO dates, a header row in another year', () => {
  const council = useCouncil('council_liia', { code: COUNCIL, name: 'Stoke-on-Trent', sharing: 'none' });
  const H = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,LA,YEAR';
  const E = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,LA,YEAR';
  const run = (list: { name: string; content: string }[]) =>
    graphqlRequest<{ importSsda903: { years: number[]; snapshotTotal: number } }>(council.graphqlUrl, IMPORT, {
      token: council.token,
      variables: { input: { files: list } },
    });

  it('refuses only what is truly missing, naming it', async () => {
    const refused = await run([
      { name: '2022-header.csv', content: `${H}\nL1,1,2012-03-01,WBRI,,,,E06000021,2022` },
      { name: '2022-episodes.csv', content: `${E}\nL3,2021-06-01,S,C2,N1,U4,PR1,,,,,,,E06000021,2022` },
    ]);
    expect(rejectedRows(refused).map((e) => e.message)).toContain(
      'child L3 has an episode but no header row in any file of this import, and none is stored',
    );
  });

  it('imports them, the header of L2 only in the later year', async () => {
    const result = await run([
      { name: '2022-header.csv', content: `${H}\nL1,1,2012-03-01,WBRI,,,,E06000021,2022` },
      {
        name: '2022-episodes.csv',
        content: `${E}\nL1,2021-06-01,S,C2,N1,U4,PR1,,,,,,,E06000021,2022\nL2,2021-09-01,S,V2,N4,K2,PR4,,,,,,,E06000021,2022`,
      },
      {
        name: '2023-header.csv',
        content: `${H}\nL1,1,2012-03-01,WBRI,,,,E06000021,2023\nL2,2,2009-02-01,WBRI,,,,E06000021,2023`,
      },
      {
        name: '2023-episodes.csv',
        content: `${E}\nL1,2021-06-01,S,C2,N1,U4,PR1,,,,,,,E06000021,2023\nL2,2021-09-01,S,V2,N4,K2,PR4,2022-05-01,E13,,,,,E06000021,2023`,
      },
    ]);
    expect(result.errors).toBeUndefined();
    // At 31 March 2023 (the latest return's): L1 only; L2 went home on 1 May 2022.
    expect(result.data!.importSsda903).toMatchObject({
      years: [2022, 2023],
      snapshotAsAt: '2023-03-31',
      snapshotTotal: 1,
    });
  });
});

describe('a regional extract: one file per table, several years each (libs/ssda903/fixtures/liia)', () => {
  const council = useCouncil('council_liia_years', { code: COUNCIL, name: 'Stoke-on-Trent', sharing: 'none' });
  const LIIA = join(repoRoot(), 'libs/ssda903/fixtures/liia');
  const extract = ['header.csv', 'episodes.csv', 'reviews.csv'].map((f) => ({
    name: f,
    content: readFileSync(join(LIIA, f), 'utf8'),
  }));
  const gql = <T>(query: string, variables: Record<string, unknown>) => council.gql<T>(query, variables);
  /** The extract with one text replaced in one of its files. */
  const extractWith = (file: string, text: string, replacement: string) =>
    extract.map((f) => (f.name === file ? { ...f, content: f.content.replace(text, replacement) } : f));
  /** The rows an import of the extract with that one change refuses. */
  const refusedWith = async (file: string, text: string, replacement: string) =>
    rejectedRows(await gql(IMPORT, { input: { files: extractWith(file, text, replacement) } }));
  /** The one refusal expected: where it is and what it says. */
  const oneRefusal = (file: string, row: number, message: string) => [expect.objectContaining({ file, row, message })];

  it("refuses another council's rows, naming file, line and LA, and writes nothing", async () => {
    expect(await refusedWith('episodes.csv', 'E06000021,2021\nL3', 'E08000025,2021\nL3')).toEqual(
      oneRefusal(
        'episodes.csv',
        5,
        "LA E08000025 is another council's: this instance imports E06000021 (Stoke-on-Trent) only",
      ),
    );
    const client = new pg.Client({ connectionString: council.db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT (SELECT count(*) FROM child)::int + (SELECT count(*) FROM episode)::int AS n`,
      );
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  });

  it('refuses a child with no date of birth in any file, naming where its header row is', async () => {
    expect(await refusedWith('header.csv', 'L3,1,2015-07-01,', 'L3,1,,')).toEqual(
      oneRefusal(
        'header.csv (YEAR 2021)',
        5,
        'child L3 has no date of birth in any file of this import, and none is stored',
      ),
    );
  });

  it('imports both years from the one file per table, counting each child on the right 31 March', async () => {
    const result = await gql<{
      importSsda903: { years: number[]; snapshotTotal: number; warnings: { rule: string; message: string }[] };
    }>(
      `mutation($input: ImportSsda903Input!) {
         importSsda903(input: $input) { years snapshotAsAt snapshotTotal warnings { rule message } }
       }`,
      // L1's 2021 row leaves DOB blank: its 2020 row gives it.
      {
        input: {
          files: extractWith('header.csv', 'L1,1,2012-03-01,WBRI,,,,E06000021,2021', 'L1,1,,WBRI,,,,E06000021,2021'),
        },
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.importSsda903.years).toEqual([2020, 2021]);
    // L2's header row is only in the 2021 rows (header.csv line 4): used for its 2020 episode, and said so.
    expect(result.data!.importSsda903.warnings).toEqual([
      {
        rule: 'episodes.header.other-return',
        message: 'header row for child L2 found in header.csv (YEAR 2021) line 4 (used for its 2020 episodes)',
      },
    ]);
    const at = async (asAt: string) =>
      (await gql<{ councilIndicators: { lookedAfter: number } }>(INDICATORS, { asAt })).data!.councilIndicators
        .lookedAfter;
    expect(await at('2020-03-31')).toBe(2); // L1, L2
    expect(await at('2021-03-31')).toBe(2); // L1, L3 (L2 went home on 1 May 2020)
    const client = new pg.Client({ connectionString: council.db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT child_id, to_char(dob, 'YYYY-MM-DD') AS dob FROM child ORDER BY child_id`,
      );
      expect(rows).toEqual([
        { child_id: 'L1', dob: '2012-03-01' },
        { child_id: 'L2', dob: '2009-02-01' },
        { child_id: 'L3', dob: '2015-07-01' },
      ]);
    } finally {
      await client.end();
    }
  });
});
