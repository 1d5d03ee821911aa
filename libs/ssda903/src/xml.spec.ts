import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseReturns } from './oracle/stitch.js';

const demo = (name: string) => readFileSync(join(process.cwd(), 'infra/demo/ssda903', name), 'utf8');
const rows = (csv: string) => {
  const [head, ...body] = csv.trim().split(/\r?\n/);
  const cols = head!.split(',');
  return body.map((line) => Object.fromEntries(line.split(',').map((v, i) => [cols[i]!, v])));
};
const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const el = (tag: string, value: string | undefined) => (value ? `<${tag}>${esc(value)}</${tag}>` : `<${tag}/>`);

/** The DfE XML layout, written from the CSV sample the way a council's case management system would. */
function toXml(header: string, episodes: string): string {
  const eps = rows(episodes);
  const children = rows(header).map((h) => {
    const own = eps.filter((e) => e['CHILD'] === h['CHILD']);
    return [
      '<CHILD><HEADER>',
      el('CHILDID', h['CHILD']),
      el('UPN', h['UPN']),
      el('SEX', h['SEX']),
      el('DOB', h['DOB']),
      el('ETHNIC', h['ETHNIC']),
      el('MOTHER', h['MOTHER']),
      el('MC_DOB', h['MC_DOB']),
      '</HEADER>',
      ...own.map((e) =>
        [
          '<EPISODE>',
          ...['DECOM', 'RNE', 'LS', 'CIN'].map((c) => el(c, e[c])),
          el('PL', e['PLACE']),
          ...['PL_POST', 'HOME_POST', 'URN', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE'].map((c) =>
            el(c, e[c]),
          ),
          '</EPISODE>',
        ].join(''),
      ),
      '</CHILD>',
    ].join('');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<EXPSSDA903>${children.join('\n')}</EXPSSDA903>`;
}

describe('the DfE XML layout', () => {
  it('reads to exactly what the same return gives as CSV', async () => {
    const header = demo('2021-header.csv');
    const episodes = demo('2021-episodes.csv');
    const fromCsv = await parseReturns([
      { name: '2021-header.csv', content: header },
      { name: '2021-episodes.csv', content: episodes },
    ]);
    const fromXml = await parseReturns([{ name: '2021-return.xml', content: toXml(header, episodes) }]);
    expect(fromXml.errors).toEqual([]);
    expect(fromXml.returns[0]!.tables.map((t) => t.file).sort()).toEqual([
      '2021-return.xml#episodes',
      '2021-return.xml#header',
    ]);
    const byChild = <T extends { child: string }>(list: T[]) =>
      [...list].sort((a, b) => a.child.localeCompare(b.child));
    expect(byChild(fromXml.header)).toEqual(byChild(fromCsv.header));
    expect(fromXml.episodes.length).toBe(fromCsv.episodes.length);
    expect(new Set(fromXml.episodes.map((e) => JSON.stringify(e)))).toEqual(
      new Set(fromCsv.episodes.map((e) => JSON.stringify(e))),
    );
  });

  it('checks XML values with the same rules, and refuses what is not the layout', async () => {
    const bad = toXml(
      'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,9,01/01/2010,WBRI,,,',
      'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nA1,01/04/2020,S,C2,N1,U4,,,,,,,',
    );
    const parsed = await parseReturns([{ name: 'r.xml', content: bad }]);
    expect(parsed.errors.map((e) => `${e.file}:${e.row}:${e.column}:${e.rule}`)).toEqual([
      'r.xml#header:2:SEX:header.sex.code',
    ]);
    expect((await parseReturns([{ name: 'r.xml', content: '<EXPSSDA903><CHILD>' }])).errors[0]!.rule).toBe('file.xml');
    expect((await parseReturns([{ name: 'r.xml', content: '<Other/>' }])).errors[0]!.message).toMatch(
      /root element must be EXPSSDA903/,
    );
  });

  it('refuses entity declarations (entity expansion off), naming the line', async () => {
    const bomb =
      '<?xml version="1.0"?>\n<!DOCTYPE EXPSSDA903 [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n' +
      '<EXPSSDA903><CHILD><HEADER><CHILDID>&b;</CHILDID></HEADER></CHILD></EXPSSDA903>';
    const parsed = await parseReturns([{ name: 'r.xml', content: bomb }]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ rule: 'file.xml' });
    expect(parsed.errors[0]!.message).toBe(
      'r.xml: line 2: <!DOCTYPE> is refused: SSDA903 XML declares no entities, and entity expansion is off',
    );
  });
});
