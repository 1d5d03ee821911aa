import { describe, expect, it } from '@jest/globals';
import { textSource, validateSources } from './stream.js';

const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB';
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
const DOLO = 'CHILD,DOB,DOLO_START,DOLO_END';
const SW = 'CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON';

/** A one-child return whose episode starts on `decom` (dd/mm/yyyy): its year is read from that date. */
const ret = (decom: string, sex: string, extra: { name: string; content: string }[]) =>
  [
    { name: 'header.csv', content: `${HEADER}\nA,${sex},01/01/2012,WBRI,,,` },
    { name: 'episodes.csv', content: `${EPISODES}\nA,${decom},S,C2,N1,U4,PR1,,,,,,` },
    ...extra,
  ].map((f) => textSource(f.name, f.content));

describe('every table of each year, year-aware; an unused or unknown table never refuses a valid return', () => {
  it('reads the 2026-27 return with its deprivation of liberty (DoLO) and social worker tables', async () => {
    const report = await validateSources(
      ret('01/06/2026', 'F', [
        { name: 'DoLo.csv', content: `${DOLO}\nA,01/01/2012,01/07/2026,` },
        { name: 'sw_episodes.csv', content: `${SW}\nA,01/01/2012,SW1,01/06/2026,,` },
      ]),
    );
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.returns[0]!.collectionYear).toBe(2027);
    expect(report.returns[0]!.files.map((f) => f.table).sort()).toEqual([
      'dolo',
      'episodes',
      'header',
      'social_worker',
    ]);
  });

  it('checks DoLO cells like any other table', async () => {
    const report = await validateSources(
      ret('01/06/2026', 'F', [{ name: 'DoLo.csv', content: `${DOLO}\nA,01/01/2012,2026-13-01,` }]),
    );
    expect(report.errors).toMatchObject([
      { file: 'DoLo.csv', row: 2, column: 'DOLO_START', rule: 'dolo.dolo_start.date' },
    ]);
  });

  it('warns, naming the file, about a table early for its year and a file that is no SSDA903 table', async () => {
    const report = await validateSources(
      ret('01/06/2022', '2', [
        { name: 'dolo.csv', content: `${DOLO}\nA,01/01/2012,01/07/2022,` },
        { name: 'sw.csv', content: `${SW}\n` },
        { name: 'notes.csv', content: 'TEAM,COMMENT\nnorth,checked' },
      ]),
    );
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => [w.file, w.rule])).toEqual([
      ['notes.csv', 'table.unknown'],
      ['dolo.csv', 'return.dolo.early'],
      ['sw.csv', 'return.social_worker.early'],
    ]);
    expect(report.warnings[1]!.message).toBe(
      'the dolo table is part of the return from 2026-27, but this is the 2022-23 return: read and kept',
    );
    expect(report.warnings[0]!.message).toMatch(/not an SSDA903 table: not read$/);
  });
});
