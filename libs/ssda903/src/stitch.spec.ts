import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { needSnapshot } from './snapshot.js';
import { parseReturns } from './oracle/stitch.js';
import { groupReturns } from './returns.js';
import { REPAIRS } from './stitch-sql.js';

const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB';
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
const year = (y: string, header: string[], episodes: string[]) => [
  { name: `${y}-header.csv`, content: [HEADER, ...header].join('\n') },
  { name: `${y}/episodes.csv`, content: [EPISODES, ...episodes].join('\n') },
];

describe('groupReturns', () => {
  it('groups files by the year in their names, and keeps year-less files together', () => {
    const groups = groupReturns([
      { name: '2019-header.csv' },
      { name: 'x/2019/episodes.csv' },
      { name: '2020-header.csv' },
    ]);
    expect(groups.map((g) => [g.label, g.files.length])).toEqual([
      ['2019', 2],
      ['2020', 1],
    ]);
    expect(groupReturns([{ name: 'header.csv' }, { name: 'episodes.csv' }]).map((g) => g.label)).toEqual([null]);
  });
});

describe('parseReturns stitches annual returns into one history', () => {
  it('supersedes repeated episodes, closes abandoned open ones for counting, and lists every repair', async () => {
    const files = [
      // 2019-20: A open at year end (repeated and closed in 2020-21); B open and never seen again; C overlaps.
      ...year(
        '2020',
        ['A,1,01/01/2010,WBRI,,,', 'B,2,01/01/2008,WBRI,,,', 'C,1,01/01/2012,WBRI,,,'],
        [
          'A,01/06/2019,S,C2,N1,U4,PR1,,,,,,',
          'B,01/07/2019,S,V2,N2,K2,PR4,,,,,,',
          'C,01/05/2019,S,C2,N1,U1,PR1,01/09/2019,X1,,,,',
          'C,01/08/2019,P,C2,N1,U4,PR1,,,,,,',
        ],
      ),
      // 2020-21: A's episode repeated with its end; C's second episode continues, repeated open.
      ...year(
        '2021',
        ['A,1,01/01/2010,WBRI,,,', 'C,1,01/01/2012,WBRI,,,'],
        ['A,01/06/2019,S,C2,N1,U4,PR1,15/02/2021,E13,,,,', 'C,01/08/2019,P,C2,N1,U4,PR1,,,,,,'],
      ),
    ];
    const stitched = await parseReturns(files);
    expect(stitched.errors).toEqual([]);
    expect(stitched.returns.map((r) => r.collectionYear)).toEqual([2020, 2021]);
    expect(stitched.header.map((h) => h.child).sort()).toEqual(['A', 'B', 'C']);
    const byKey = new Map(stitched.episodes.map((e) => [`${e.child}/${e.decom}`, e]));
    expect(stitched.episodes).toHaveLength(4);
    expect(byKey.get('A/2019-06-01')).toMatchObject({
      dec: '2021-02-15',
      rec: 'E13',
      sourceYear: 2021,
      effectiveDec: '2021-02-15',
      repair: null,
    });
    // B: open in 2019-20, absent from 2020-21: counted up to and including 31 March 2020 (the end date used for
    // counting is the day after); DEC and REC stay blank.
    expect(byKey.get('B/2019-07-01')).toMatchObject({
      dec: null,
      rec: null,
      effectiveDec: '2020-04-01',
      repair: REPAIRS.closedAtYearEnd,
    });
    // C: the first episode ends after the second starts.
    expect(byKey.get('C/2019-05-01')).toMatchObject({
      dec: '2019-09-01',
      effectiveDec: '2019-08-01',
      repair: REPAIRS.overlapTrimmed,
    });
    expect(byKey.get('C/2019-08-01')).toMatchObject({ dec: null, effectiveDec: null, repair: null, sourceYear: 2021 });
    expect(stitched.repairs.map((r) => `${r.child} ${r.rule}`).sort()).toEqual([
      `B ${REPAIRS.closedAtYearEnd}`,
      `C ${REPAIRS.overlapTrimmed}`,
    ]);
  });

  it('ends an open episode the next return did not repeat after its 31 March, even if a later one starts', async () => {
    // The 2020-21 return does not repeat the episode open at 31 March 2020: the child was not looked after on
    // 1 April 2020 in it. The new episode of October 2020 does not reach back over the gap.
    const stitched = await parseReturns([
      ...year('2020', ['A,1,01/01/2010,WBRI,,,'], ['A,01/06/2019,S,C2,N1,U4,PR1,,,,,,']),
      ...year('2021', ['A,1,01/01/2010,WBRI,,,'], ['A,01/10/2020,S,C2,N1,K2,PR4,,,,,,']),
    ]);
    expect(stitched.episodes.find((e) => e.decom === '2019-06-01')).toMatchObject({
      effectiveDec: '2020-04-01',
      repair: REPAIRS.closedAtYearEnd,
    });
  });

  it('closes an open episode of an earlier return at the next start when that is on or before 1 April', async () => {
    const stitched = await parseReturns([
      ...year('2020', ['A,1,01/01/2010,WBRI,,,'], ['A,01/06/2019,S,C2,N1,U4,PR1,,,,,,']),
      ...year('2021', ['A,1,01/01/2010,WBRI,,,'], ['A,01/04/2020,P,C2,N1,K2,PR4,,,,,,']),
    ]);
    expect(stitched.episodes.find((e) => e.decom === '2019-06-01')).toMatchObject({
      dec: null,
      effectiveDec: '2020-04-01',
      repair: REPAIRS.closedByNextEpisode,
    });
  });

  it('ends an episode left open (blank DEC) when the next starts, as it ends one whose DEC overlaps', async () => {
    // One return: the first episode has no DEC, the second ends in adoption. Not looked after at 31 March.
    const stitched = await parseReturns(
      year(
        '2021',
        ['D,2,08/08/2019,WBRI,,,'],
        ['D,01/05/2020,S,C2,N1,U4,PR1,,,,,,', 'D,01/11/2020,P,E1,N1,A4,PR1,01/02/2021,E11,CARPL,,,'],
      ),
    );
    expect(stitched.episodes.find((e) => e.decom === '2020-05-01')).toMatchObject({
      dec: null,
      effectiveDec: '2020-11-01',
      repair: REPAIRS.overlapTrimmed,
    });
    expect(needSnapshot(stitched.header, stitched.episodes, '2021-03-31').total).toBe(0);
    expect(needSnapshot(stitched.header, stitched.episodes, '2020-12-31').total).toBe(1);
  });

  it('refuses year-less files among several years', async () => {
    const unnamed = await parseReturns([
      ...year('2020', ['A,1,01/01/2010,WBRI,,,'], ['A,01/06/2019,S,C2,N1,U4,PR1,,,,,,']),
      { name: 'extra.csv', content: 'CHILD,DOB,MISSING,MIS_START,MIS_END\nA,01/01/2010,M,01/01/2020,' },
    ]);
    expect(unnamed.errors.map((e) => e.rule)).toContain('return.year.unknown');
  });

  it('stitches the five sample years cleanly', async () => {
    const dir = join(process.cwd(), 'libs/testing/fixtures/ssda903/sample-council-2017-2021');
    if (!existsSync(dir)) throw new Error(`the sample returns are expected at ${dir} (vendored in the repository)`);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => ({ name: f, content: readFileSync(join(dir, f), 'utf8') }));
    const stitched = await parseReturns(files);
    expect(stitched.errors).toEqual([]);
    expect(stitched.returns.map((r) => r.collectionYear)).toEqual([2018, 2019, 2020, 2021, 2022]);
    const distinctChildren = new Set(stitched.returns.flatMap((r) => r.header.map((h) => h.child)));
    const distinctEpisodes = new Set(stitched.returns.flatMap((r) => r.episodes.map((e) => `${e.child}/${e.decom}`)));
    expect(stitched.header).toHaveLength(distinctChildren.size);
    expect(stitched.episodes).toHaveLength(distinctEpisodes.size);
    for (const e of stitched.episodes) {
      if (e.effectiveDec !== null && e.effectiveDec !== undefined) expect(e.effectiveDec >= e.decom).toBe(true);
      if (e.repair === null) expect(e.effectiveDec).toBe(e.dec);
    }
    expect(stitched.other.filter((o) => o.table === 'missing').map((o) => o.collectionYear)).toEqual([
      2018, 2019, 2020, 2021, 2022,
    ]);
  });
});

/** The hand-made three-year return (fixtures/three-years, its README lists who is looked after when). */
async function threeYears(): Promise<Awaited<ReturnType<typeof parseReturns>>> {
  const dir = join(import.meta.dirname, '../fixtures/three-years');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => ({ name: f, content: readFileSync(join(dir, f), 'utf8') }));
  return parseReturns(files);
}

describe('the three-year hand-made return: each child counted on the right 31 March', () => {
  it('counts who the returns say was looked after at each 31 March, and nobody else', async () => {
    const stitched = await threeYears();
    expect(stitched.errors).toEqual([]);
    expect(stitched.returns.map((r) => r.collectionYear)).toEqual([2019, 2020, 2021]);
    const counted = (asAt: string) => {
      const who: string[] = [];
      for (const h of stitched.header) {
        const own = stitched.episodes.filter((e) => e.child === h.child);
        if (needSnapshot([h], own, asAt).total === 1) who.push(h.child);
      }
      return who.sort().join('');
    };
    expect(counted('2019-03-31')).toBe('ABH');
    expect(counted('2020-03-31')).toBe('ACEG');
    expect(counted('2021-03-31')).toBe('AH');
    // The day after each 31 March, the children the next return does not repeat are no longer counted.
    expect(counted('2019-04-01')).toBe('A');
    expect(counted('2020-04-01')).toBe('AEG');
  });
});
