import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { textSource, validateSources, type Ssda903Source } from './stream.js';
import { xmlTableBatches, type XmlReadStats } from './xml.js';

/** One CHILD element of the DfE layout, one element per line as case management systems write it. */
function child(id: string, sex: string, episodes: number): string {
  const eps = Array.from({ length: episodes }, (_, i) =>
    [
      '    <EPISODE>',
      `      <DECOM>${String(i + 1).padStart(2, '0')}/05/2020</DECOM>`,
      '      <RNE>S</RNE>',
      '      <LS>C2</LS>',
      '      <CIN>N1</CIN>',
      '      <PL>U4</PL>',
      '      <PLACE_PROVIDER>PR1</PLACE_PROVIDER>',
      i + 1 < episodes ? `      <DEC>${String(i + 2).padStart(2, '0')}/05/2020</DEC>` : '      <DEC/>',
      i + 1 < episodes ? '      <REC>X1</REC>' : '      <REC/>',
      i + 1 < episodes ? '      <REASON_PLACE_CHANGE>CARPL</REASON_PLACE_CHANGE>' : '',
      '    </EPISODE>',
    ]
      .filter((l) => l !== '')
      .join('\n'),
  );
  return [
    '  <CHILD>',
    '    <HEADER>',
    `      <CHILDID>${id}</CHILDID>`,
    `      <SEX>${sex}</SEX>`,
    '      <DOB>01/01/2010</DOB>',
    '      <ETHNIC>WBRI</ETHNIC>',
    '    </HEADER>',
    ...eps,
    '  </CHILD>',
  ].join('\n');
}

const document = (children: string[]) =>
  ['<?xml version="1.0" encoding="UTF-8"?>', '<EXPSSDA903>', ...children, '</EXPSSDA903>'].join('\n');

/** A generated return of `n` children, produced a child at a time: never held whole, by the test or the reader. */
const generated = (n: number): Ssda903Source => ({
  name: '2021-return.xml',
  open: () =>
    Readable.from(
      (function* () {
        yield '<?xml version="1.0" encoding="UTF-8"?>\n<EXPSSDA903>\n';
        for (let i = 0; i < n; i++) yield child(`C${i}`, i % 2 === 0 ? '1' : '2', 2) + '\n';
        yield '</EXPSSDA903>\n';
      })(),
    ),
});

describe('SSDA903 XML read streamed', () => {
  it('names the XML line of a bad value and the CHILDID, not a row of a derived table', async () => {
    const xml = document([child('A1', '1', 1), child('B2', '9', 2)]);
    const report = await validateSources([textSource('2021-return.xml', xml)]);
    // B2's <SEX> is on the line after its <CHILDID>.
    const lines = xml.split('\n');
    const sexLine = lines.findIndex((l) => l.includes('<SEX>9</SEX>')) + 1;
    expect(sexLine).toBeGreaterThan(20);
    expect(report.errors).toEqual([
      expect.objectContaining({ file: '2021-return.xml#header', row: sexLine, column: 'SEX', value: '9' }),
    ]);
    expect(report.errors[0]!.message).toMatch(/^CHILDID B2: SEX "9" is not a valid code/);
  });

  it('names the line of the element when a required value is missing', async () => {
    const xml = document([child('A1', '1', 1).replace('<LS>C2</LS>', '<LS/>')]);
    const report = await validateSources([textSource('2021-return.xml', xml)]);
    const episodeLine = xml.split('\n').findIndex((l) => l.includes('<LS/>')) + 1;
    expect(report.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [episodeLine, 'LS', 'CHILDID A1: LS is required'],
    ]);
  });

  it('refuses a DOCTYPE (entity expansion off) naming its line, and XML that is not well-formed', async () => {
    const bomb =
      '<?xml version="1.0"?>\n\n<!DOCTYPE EXPSSDA903 [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;">]>\n' +
      '<EXPSSDA903><CHILD><HEADER><CHILDID>&b;</CHILDID></HEADER></CHILD></EXPSSDA903>';
    const refused = await validateSources([textSource('r.xml', bomb)]);
    expect(refused.errors.map((e) => [e.rule, e.message])).toEqual([
      [
        'file.xml',
        'r.xml: line 3: <!DOCTYPE> is refused: SSDA903 XML declares no entities, and entity expansion is off',
      ],
    ]);
    const broken = await validateSources([textSource('r.xml', '<EXPSSDA903>\n<CHILD>\n</EXPSSDA903>')]);
    expect(broken.errors).toHaveLength(1);
    expect(broken.errors[0]!.message).toMatch(/^r\.xml: not well-formed XML: .*3/);
    const other = await validateSources([textSource('r.xml', '<?xml version="1.0"?><Other/>')]);
    expect(other.errors[0]!.message).toBe('r.xml: the root element must be EXPSSDA903 (the DfE SSDA903 XML layout)');
  });

  it('reads a large return holding one CHILD element at a time', async () => {
    const n = 20_000;
    let stats: XmlReadStats | null = null;
    let rows = 0;
    for await (const batch of xmlTableBatches(
      'big.xml',
      'episodes',
      generated(n).open() as AsyncIterable<Buffer>,
      (s) => (stats = s),
    ))
      rows += batch.length;
    expect(rows).toBe(2 * n + 1); // the column header and two episodes each
    const read = stats as unknown as XmlReadStats;
    expect(read.children).toBe(n);
    // One CHILD with its HEADER (5 elements) and two EPISODEs (10 and 9 elements): 1 + 5 + 19 = 25.
    expect(read.maxChildNodes).toBe(25);
    // Never more than one CHILD's subtree held, though the file has 20,000 of them.
    expect(read.maxNodesHeld).toBe(read.maxChildNodes);

    // The whole import reads it the same way: every row checked, nothing refused.
    const report = await validateSources([generated(n)]);
    expect(report.errors).toEqual([]);
    expect(report.rows.get('2021-return.xml#header')).toBe(n);
    expect(report.rows.get('2021-return.xml#episodes')).toBe(2 * n);
    expect(report.returns[0]!.collectionYear).toBe(2021);
  });
});
