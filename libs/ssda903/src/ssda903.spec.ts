import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AGE_BANDS, PLACEMENT_CATEGORIES } from '@rcc/contracts';
import { PLACEMENT_TYPE, PLACEMENT_TYPES, placementCategory } from './codes.js';
import { ageBand, ageInYears, parseDate } from './dates.js';
import { parseReturn } from './oracle/parse-return.js';
import type { EpisodeRow, HeaderRow } from './rows.js';
import { defaultAsAt, needSnapshot } from './snapshot.js';

const demo = (name: string) => readFileSync(join(process.cwd(), 'infra/demo/ssda903', name), 'utf8');
const lines = (csv: string) => csv.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;
const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB';
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
const ret = (header: string[], episodes: string[]) => [
  { name: 'h.csv', content: [HEADER, ...header].join('\n') },
  { name: 'e.csv', content: [EPISODES, ...episodes].join('\n') },
];
const okHeader = ['A1,1,01/05/2010,WBRI,,,', 'B2,2,29/02/2008,BAFR,R084010198416,0,'];
const okEpisodes = [
  'A1,01/04/2020,S,C2,N1,U4,PR1,,,,H5 1QW,W11 2OA,SC123456',
  'B2,10/10/2020,S,V2,N2,K2,PR4,31/01/2021,E8,,,,',
];

describe('parseReturn on the demo returns', () => {
  it.each(['2020', '2021'])('reads the %s pair with no errors and every row', async (year) => {
    const h = demo(`${year}-header.csv`);
    const e = demo(`${year}-episodes.csv`);
    const parsed = await parseReturn([
      { name: `${year}-episodes.csv`, content: e },
      { name: `${year}-header.csv`, content: h },
    ]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.header).toHaveLength(lines(h));
    expect(parsed.episodes).toHaveLength(lines(e));
    expect(parsed.tables.map((t) => t.table).sort()).toEqual(['episodes', 'header']);
    // The "2021" sample holds the 2021-22 return (episodes up to March 2022): the year comes from the data.
    expect(parsed.collectionYear).toBe(Number(year) + 1);
  });

  it('converts dates to ISO and empty cells to null', async () => {
    const parsed = await parseReturn(ret(okHeader, okEpisodes));
    expect(parsed.errors).toEqual([]);
    expect(parsed.header[1]).toEqual({
      child: 'B2',
      sex: '2',
      dob: '2008-02-29',
      ethnic: 'BAFR',
      upn: 'R084010198416',
      mother: '0',
      mcDob: null,
    });
    expect(parsed.episodes[0]).toMatchObject({
      decom: '2020-04-01',
      dec: null,
      rec: null,
      placeProvider: 'PR1',
      urn: 'SC123456',
    });
  });
});

describe('parseReturn on every table of the five sample years', () => {
  const dir = join(process.cwd(), 'libs/testing/fixtures/ssda903/sample-council-2017-2021');

  it.each(['2017', '2018', '2019', '2020', '2021'])('reads every table of %s with no errors', async (year) => {
    if (!existsSync(dir)) throw new Error(`the sample returns are expected at ${dir} (vendored in the repository)`);
    const files = readdirSync(dir)
      .filter((f) => f.startsWith(`${year}-`) && f.endsWith('.csv'))
      .map((f) => ({ name: f, content: readFileSync(join(dir, f), 'utf8') }));
    const parsed = await parseReturn(files);
    expect(parsed.errors.slice(0, 5)).toEqual([]);
    expect(parsed.tables.map((t) => t.table).sort()).toEqual(
      ['episodes', 'header', 'missing', 'oc2', 'oc3', 'prev_perm', 'reviews', 'uasc'].sort(),
    );
    for (const t of parsed.tables) {
      const content = files.find((f) => f.name === t.file)!.content;
      expect({ file: t.file, rows: t.rows }).toEqual({ file: t.file, rows: lines(content) });
    }
  });

  it("applies the code lists of the return's year", async () => {
    const recent = await parseReturn(ret(['A1,1,01/05/2010,WBRI,,,'], ['A1,01/04/2024,S,C2,N1,K3,,,,,,,']));
    expect(recent.collectionYear).toBe(2025);
    expect(recent.errors.map((e) => e.rule)).toEqual(['header.sex.code']); // 2024-25 uses M/F/U
    const old = await parseReturn(ret(['A1,1,01/05/2010,WBRI,,,'], ['A1,01/04/2020,S,C2,N1,K3,,,,,,,']));
    expect(old.errors.map((e) => `${e.rule} ${e.message}`)).toEqual([
      expect.stringMatching(/^episodes.place.code PLACE "K3" is not a valid code in 2020-21/),
    ]);
  });
});

describe('parseReturn refuses bad input, naming file, line, column and rule', () => {
  const rules = async (files: { name: string; content: string }[]) =>
    (await parseReturn(files)).errors.map((e) => `${e.file}:${e.row}:${e.column}:${e.rule}`);

  it('checks codes, dates and required values cell by cell', async () => {
    expect(await rules(ret(['A1,3,31/02/2010,XXXX,,,'], ['A1,,S,Q9,N1,U4,,,,,,,']))).toEqual([
      'h.csv:2:SEX:header.sex.code',
      'h.csv:2:DOB:header.dob.date',
      'h.csv:2:ETHNIC:header.ethnic.code',
      'e.csv:2:DECOM:episodes.decom.required',
      'e.csv:2:LS:episodes.ls.code',
    ]);
  });

  it('checks rows against each other', async () => {
    expect(
      await rules(
        ret(
          ['A1,1,01/05/2010,WBRI,,,', 'A1,1,01/05/2010,WBRI,,,'],
          [
            'A1,01/04/2020,S,C2,N1,U4,,,,,,,',
            'A1,01/04/2020,S,C2,N1,U4,,,,,,,',
            'Z9,01/04/2020,S,C2,N1,U4,,,,,,,',
            'A1,01/06/2020,S,C2,N1,U4,,01/05/2020,E8,,,,',
            'A1,01/01/2009,S,C2,N1,U4,,,,,,,',
          ],
        ),
      ),
    ).toEqual([
      'h.csv:3:CHILD:header.child.duplicate',
      'e.csv:3:CHILD,DECOM:episodes.key.duplicate',
      'e.csv:4:CHILD:episodes.child.not-in-header',
      'e.csv:5:DEC:episodes.dec.before-decom',
      'e.csv:6:DECOM:episodes.decom.before-dob',
    ]);
  });

  it('identifies tables by their columns and says what is wrong with a file', async () => {
    const missing = await parseReturn([
      { name: 'h.csv', content: 'CHILD,SEX,DOB,ETHNIC,UPN\nA1,1,01/01/2010,WBRI,' },
      ret([], [])[1]!,
    ]);
    expect(missing.errors[0]).toMatchObject({ file: 'h.csv', row: 1, rule: 'table.columns', column: 'MOTHER,MC_DOB' });
    expect(missing.errors[0]!.message).toMatch(/header table .* missing MOTHER, MC_DOB/);

    const dolo = await parseReturn([...ret([], []), { name: 'x.csv', content: 'CHILD,DOB,DOLO_START,DOLO_END\n' }]);
    expect(dolo.errors).toEqual([]);
    expect(dolo.tables.map((t) => t.table)).toContain('dolo');

    const junk = await parseReturn([{ name: 'j.csv', content: 'FOO,BAR\n1,2' }]);
    expect(junk.errors.map((e) => e.rule)).toEqual([
      'table.unknown',
      'return.header.missing',
      'return.episodes.missing',
    ]);

    const twice = await parseReturn([...ret([], []), { name: 'h2.csv', content: HEADER }]);
    expect(twice.errors.map((e) => e.rule)).toEqual(['return.header.duplicate']);

    expect((await parseReturn([{ name: 'e.csv', content: ' \n' }])).errors[0]!.rule).toBe('file.empty');
    const ragged = await parseReturn(ret(['A1,1,01/05/2010'], []));
    expect(ragged.errors[0]).toMatchObject({ row: 2, rule: 'row.columns' });
    const broken = await parseReturn([{ name: 'b.csv', content: `${HEADER}\n"A1,1` }]);
    expect(broken.errors[0]!.rule).toBe('file.csv');
  });

  it('tolerates a byte-order mark, CRLF, blank lines and padding, and lower-case codes', async () => {
    const parsed = await parseReturn([
      { name: 'h.csv', content: `\uFEFF${HEADER}\r\n A1 , 1 ,01/05/2010, wbri ,,,\r\n\r\n` },
      { name: 'e.csv', content: `${EPISODES.toLowerCase()}\r\nA1,01/04/2020,s,c2,n1,u4,,,,,,,\r\n` },
    ]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.header[0]).toMatchObject({ child: 'A1', ethnic: 'WBRI' });
    expect(parsed.episodes[0]).toMatchObject({ place: 'U4', ls: 'C2' });
  });
});

describe('placement types and dates', () => {
  it('maps every PLACE code of every year to a shared category, and refuses unknown codes', () => {
    for (const code of PLACEMENT_TYPES) expect(PLACEMENT_CATEGORIES).toContain(placementCategory(code));
    expect(new Set(Object.values(PLACEMENT_TYPE))).toEqual(new Set(PLACEMENT_CATEGORIES));
    expect(() => placementCategory('Q1')).toThrow(/not an SSDA903 placement type/);
  });

  it('reads only real dates and bands ages on whole years', () => {
    expect(parseDate('29/02/2020')).toBe('2020-02-29');
    expect(parseDate('29/02/2021')).toBeNull();
    expect(parseDate('2021-03-31')).toBe('2021-03-31');
    expect(parseDate('1/2/2021')).toBeNull();
    expect(ageBand('2020-04-01', '2021-03-31')).toBe('under-1');
    expect(ageBand('2020-03-31', '2021-03-31')).toBe('1-4');
    expect(ageBand('2005-04-01', '2021-03-31')).toBe('10-15');
    expect(ageBand('2005-03-31', '2021-03-31')).toBe('16-plus');
  });

  it('reads a date exactly when the calendar has it (checked against Date for any digits)', () => {
    const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
    const four = fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0'));
    fc.assert(
      fc.property(two, two, four, fc.boolean(), (d, m, y, iso) => {
        const text = iso ? `${y}-${m}-${d}` : `${d}/${m}/${y}`;
        const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
        const real = Number(y) >= 100 && date.toISOString().slice(0, 10) === `${y}-${m}-${d}`;
        expect(parseDate(text)).toBe(real ? `${y}-${m}-${d}` : null);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('needSnapshot', () => {
  it('counts the 2021 demo return the way an analyst would by hand', async () => {
    const parsed = await parseReturn([
      { name: 'h', content: demo('2021-header.csv') },
      { name: 'e', content: demo('2021-episodes.csv') },
    ]);
    const asAt = defaultAsAt(parsed.episodes);
    expect(asAt).toBe('2022-03-31');
    const snap = needSnapshot(parsed.header, parsed.episodes, asAt);

    // Independently: the children with an open, non-short-break episode on asAt (latest start wins).
    const latestOpen = new Map<string, EpisodeRow>();
    for (const e of parsed.episodes) {
      if (e.decom <= asAt && (e.dec === null || e.dec > asAt)) {
        if (!latestOpen.has(e.child) || latestOpen.get(e.child)!.decom < e.decom) latestOpen.set(e.child, e);
      }
    }
    const expected = [...latestOpen.values()].filter((e) => e.ls !== 'V3' && e.ls !== 'V4').length;
    expect(snap.total).toBe(expected);
    expect(snap.total).toBeGreaterThan(0);
    expect(snap.cells).toHaveLength(PLACEMENT_CATEGORIES.length * AGE_BANDS.length);
    expect(snap.cells.reduce((a, c) => a + c.count, 0)).toBe(snap.total);
  });

  const children = fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 40 }).map((ids) =>
    ids.map(
      (id) =>
        ({
          child: `C${id}`,
          sex: '1',
          // Born 2000-2018, before any generated episode (parseReturn refuses an episode that starts before birth).
          dob: `20${String(id % 19).padStart(2, '0')}-0${(id % 9) + 1}-15`,
          ethnic: 'WBRI',
          upn: null,
          mother: null,
          mcDob: null,
        }) as HeaderRow,
    ),
  );
  const day = fc
    .integer({ min: 0, max: 900 })
    .map((n) => new Date(Date.UTC(2019, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const world = children.chain((kids) =>
    fc.record({
      kids: fc.constant(kids),
      episodes: fc.uniqueArray(
        fc.record({
          child: fc.constantFrom(...kids.map((k) => k.child)),
          decom: day,
          length: fc.option(fc.integer({ min: 0, max: 400 })),
          ls: fc.constantFrom('C2', 'V2', 'V3', 'E1'),
          place: fc.constantFrom(...PLACEMENT_TYPES),
        }),
        { selector: (e) => `${e.child}/${e.decom}`, maxLength: 80 },
      ),
      asAt: day,
    }),
  );
  const toEpisodes = (list: { child: string; decom: string; length: number | null; ls: string; place: string }[]) =>
    list.map(
      (e): EpisodeRow => ({
        child: e.child, decom: e.decom, rne: 'S', ls: e.ls, cin: 'N1', place: e.place, placeProvider: null,
        dec: e.length === null ? null : new Date(Date.parse(e.decom) + e.length * 86_400_000).toISOString().slice(0, 10),
        rec: null, reasonPlaceChange: null, homePost: null, plPost: null, urn: null,
      }),
    ); // prettier-ignore

  it('counts each child looked after once, sums its cells to its total, whatever the order of the rows', () => {
    fc.assert(
      fc.property(world, fc.integer(), ({ kids, episodes, asAt }, seed) => {
        const eps = toEpisodes(episodes);
        const snap = needSnapshot(kids, eps, asAt);
        expect(snap.cells.reduce((a, c) => a + c.count, 0)).toBe(snap.total);
        const open = eps.filter((e) => e.decom <= asAt && (e.dec === null || e.dec > asAt));
        const counted = new Set(
          [...new Set(open.map((e) => e.child))].filter((child) => {
            const latest = open.filter((e) => e.child === child).sort((a, b) => b.decom.localeCompare(a.decom))[0]!;
            const dob = kids.find((k) => k.child === child)!.dob;
            return latest.ls !== 'V3' && ageInYears(dob, asAt) < 18;
          }),
        );
        expect(snap.total).toBe(counted.size);
        const shuffled = [...eps].sort(
          (a, b) => ((a.decom.charCodeAt(9) * seed) % 7) - ((b.decom.charCodeAt(9) * seed) % 7),
        );
        expect(needSnapshot([...kids].reverse(), shuffled, asAt)).toEqual(snap);
      }),
      { numRuns: 200 },
    );
  });

  it('never puts an older child in a younger band', () => {
    fc.assert(
      fc.property(day, day, day, (a, b, asAt) => {
        const [older, younger] = a <= b ? [a, b] : [b, a];
        fc.pre(younger <= asAt);
        expect(AGE_BANDS.indexOf(ageBand(older, asAt))).toBeGreaterThanOrEqual(
          AGE_BANDS.indexOf(ageBand(younger, asAt)),
        );
      }),
    );
  });
});
