import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@rcc/platform';
import {
  parseFrameworks,
  parseListDate,
  parseProviderList,
  parseProviderLists,
  postcodeDistrict,
} from './provider-list.js';

const demo = (name: string) => readFileSync(join(repoRoot(), 'infra/demo/providers', name));
const csv = (lines: string[]) => Buffer.from(lines.join('\n'));

const CH_HEADER =
  'Local Authority,URN,Provider Type,Provider Subtype,Sector,Setting Name,Postcode,Registration Date,Provider Status,Closed Date,Max Users,Overall Effectiveness,Owner Name,Emotional and Behavioural Difficulties,Learning Difficulty';

describe('provider lists', () => {
  it('reads the synthetic region identically from CSV and xlsx', async () => {
    const fromCsv = await parseProviderList('providers.csv', demo('providers.csv'));
    const fromXlsx = await parseProviderList('providers.xlsx', demo('providers.xlsx'));
    expect(fromCsv.errors).toEqual([]);
    expect(fromXlsx.errors).toEqual([]);
    expect(fromCsv.rows.length).toBeGreaterThanOrEqual(300);
    expect(fromCsv.outOfScope).toBe(3);
    const strip = (rows: typeof fromCsv.rows) => rows.map(({ file: _f, ...r }) => r);
    expect(strip(fromXlsx.rows)).toEqual(strip(fromCsv.rows));
    const types = new Set(fromCsv.rows.map((r) => r.settingType));
    expect([...types].sort()).toEqual([
      'childrens-home',
      'independent-fostering-agency',
      'local-authority-fostering',
      'residential-family-centre',
      'residential-special-school',
      'secure-childrens-home',
      'supported-accommodation',
    ]);
    // Full postcodes never survive the parse: only districts.
    expect(
      fromCsv.rows.every((r) => r.postcodeDistrict === null || /^[A-Z]{1,2}\d[A-Z\d]?$/.test(r.postcodeDistrict)),
    ).toBe(true);
  });

  it("reads the children's homes list layout (Provider Status, Max Users, Owner Name) and maps its words", async () => {
    const parsed = await parseProviderList(
      'ch.csv',
      csv([
        CH_HEADER,
        "Stoke-on-Trent,SC123456,Children's Home,,Private,Ash House,ST4 2AB,01/02/2015,Active,,4,Requires improvement to be good,Ash Care Ltd,Y,N",
        "Staffordshire,SC123457,Children's Home,Secure Unit,Local Authority,Secure One,ST16 1AA,01/02/2010,Closed,31/03/2023,8,,Staffordshire County Council,Y,Y",
      ]),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({
      urn: 'SC123456',
      settingType: 'childrens-home',
      sector: 'private',
      localAuthorityCode: 'E06000021',
      postcodeDistrict: 'ST4',
      registrationStatus: 'registered',
      registrationDate: '2015-02-01',
      registeredPlaces: 4,
      ofstedGrade: 'Requires improvement to be good',
      needFlags: ['emotional-behavioural'],
      ownerName: 'Ash Care Ltd',
      ageMin: 8,
      ageMax: 17,
      sex: 'mixed',
    });
    expect(parsed.rows[1]).toMatchObject({
      settingType: 'secure-childrens-home',
      registrationStatus: 'closed',
      closedDate: '2023-03-31',
      needFlags: ['emotional-behavioural', 'learning-difficulty'],
    });
  });

  it("reads the day of the latest full inspection beside the grade, from each list's spelling of the column", async () => {
    const combined = await parseProviderList(
      'combined.csv',
      csv([
        'Local authority,URN,Provider type,Provider subtype,Sector,Provider name,Registration date,Registration status,Deregistration date,Postcode,Owner name,top_company,Region,Date of last full inspection,Overall effectiveness,Number of registered places',
        "Walsall,SC500001,Children's Home,,Private,95 Orchard Barn,13/05/2015,Active,,WS5 5QJ,Laurel Field Homes Ltd,,West Midlands,21/04/2024,Outstanding,4",
        "Telford and Wrekin,SC500000,Children's Home,,Local Authority,167 Victoria View,13/01/2007,Active,,TF2 8QH,Telford Council,,West Midlands,-,,6",
        "Walsall,SC500002,Children's Home,,Private,Ivy Lodge,13/05/2015,Active,,WS5 5QJ,Laurel Field Homes Ltd,,West Midlands,31/04/2024,Good,4",
      ]),
    );
    expect(combined.rows.map((r) => [r.urn, r.ofstedGrade, r.ofstedInspectedOn])).toEqual([
      ['SC500001', 'Outstanding', '2024-04-21'],
      ['SC500000', null, null],
    ]);
    expect(combined.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [4, 'Date of last full inspection', '31/04/2024', 'not a date (dd/mm/yyyy)'],
    ]);
    const homes = await parseProviderList(
      'ch.csv',
      csv([
        `${CH_HEADER},Latest full inspection date`,
        "Stoke-on-Trent,SC123456,Children's Home,,Private,Ash House,ST4 2AB,01/02/2015,Active,,4,Good,Ash Care Ltd,Y,N,12/03/2025",
      ]),
    );
    expect(homes.rows[0]).toMatchObject({ ofstedGrade: 'Good', ofstedInspectedOn: '2025-03-12' });
  });

  it('names file, row, column and value for every bad cell, and keeps no row that has one', async () => {
    const parsed = await parseProviderList(
      'bad.csv',
      csv([
        CH_HEADER,
        "Stoke-on-Trent,SC123456,Children's Home,,Private,Ash House,ST4 2AB,31/02/2015,Active,,four,Brilliant,Ash Care Ltd,Maybe,N",
        'Stoke-on-Trent,SC12345!,Space Station,,Martian,Bad,not a postcode,01/01/2015,Lost,,4,Good,A,Y,N',
        "Stoke-on-Trent,SC123458,Children's Home,,Private,Fine House,ST4 2AB,01/02/2015,Active,,4,Good,Fine Care Ltd,Y,N",
      ]),
    );
    expect(parsed.rows.map((r) => r.urn)).toEqual(['SC123458']);
    const at = (row: number) => parsed.errors.filter((e) => e.row === row).map((e) => [e.column, e.value]);
    expect(at(2)).toEqual([
      ['Registration Date', '31/02/2015'],
      ['Max Users', 'four'],
      ['Overall Effectiveness', 'Brilliant'],
      ['Emotional and Behavioural Difficulties', 'Maybe'],
    ]);
    expect(
      at(3)
        .map(([c]) => c)
        .sort(),
    ).toEqual(['Owner Name', 'Postcode', 'Provider Status', 'Provider Type', 'Sector', 'URN'].sort());
    expect(parsed.errors.every((e) => e.file === 'bad.csv' && e.message.length > 5)).toBe(true);
  });

  it('reports missing columns on the header row', async () => {
    const parsed = await parseProviderList('short.csv', csv(['URN,Provider Type', "SC1,Children's Home"]));
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors.map((e) => [e.row, e.column])).toEqual([
      [1, 'setting name'],
      [1, 'owner name'],
      [1, 'sector'],
      [1, 'registration status'],
    ]);
  });

  it('refuses a URN listed twice, naming both rows', async () => {
    const row =
      "Stoke-on-Trent,SC123456,Children's Home,,Private,Ash House,ST4 2AB,01/02/2015,Active,,4,Good,Ash Care Ltd,Y,N";
    const parsed = await parseProviderLists([
      { name: 'a.csv', content: csv([CH_HEADER, row]) },
      { name: 'b.csv', content: csv([CH_HEADER, row]) },
    ]);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.errors).toEqual([
      { file: 'b.csv', row: 2, column: 'URN', value: 'SC123456', message: 'URN listed twice (first at a.csv row 2)' },
    ]);
  });

  it('reads the lists\' own non-values: "-" is not given, and ILACS and other known texts are not graded, text kept', async () => {
    const parsed = await parseProviderList(
      'odd.csv',
      csv([
        CH_HEADER,
        "Stoke-on-Trent,SC123456,Children's Home,,Local Authority,Ash House,ST4 2AB,-,Active,-,4,Not provided as service is inspected as part of the ILACS inspection,Stoke-on-Trent City Council,-,Y",
        "Stoke-on-Trent,SC123457,Children's Home,,Private,Elm House,ST4 2AB,01/02/2015,Active,–,4,Not yet inspected,Elm Care Ltd,Y,—",
        "Stoke-on-Trent,SC123458,Children's Home,,Private,Oak House,ST4 2AB,01/02/2015,Active,,4,Good,Oak Care Ltd,N,N",
      ]),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({
      registrationDate: null,
      closedDate: null,
      needFlags: ['learning-difficulty'],
      ofstedGrade: null,
      ofstedGradeNote: 'Not provided as service is inspected as part of the ILACS inspection',
    });
    expect(parsed.rows[1]).toMatchObject({
      closedDate: null,
      needFlags: ['emotional-behavioural'],
      ofstedGrade: null,
      ofstedGradeNote: 'Not yet inspected',
    });
    expect(parsed.rows[2]).toMatchObject({ ofstedGrade: 'Good', ofstedGradeNote: null });
    expect(parseListDate('-')).toBeNull();
  });

  it('never echoes a name or postcode back in a rejection; still names the row, column and reason', async () => {
    const parsed = await parseProviderList(
      'names.csv',
      csv([
        CH_HEADER,
        `Stoke-on-Trent,SC123456,Children's Home,,Private,${'x'.repeat(201)},ZZ,01/02/2015,Active,,4,Good,J,Y,N`,
      ]),
    );
    expect(parsed.errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [2, 'Setting Name', ''],
      [2, 'Owner Name', ''],
      [2, 'Postcode', ''],
    ]);
    expect(parsed.errors.every((e) => e.message.endsWith('(value withheld)'))).toBe(true);
  });

  it('in a 3,000-row monthly list, keeps every right row and reports each odd one by file, row, column and reason', async () => {
    const lines = [CH_HEADER];
    for (let i = 0; i < 3000; i++)
      lines.push(
        `Staffordshire,SC${String(700000 + i)},Children's Home,,Private,Home ${i},ST16 1AA,01/02/2015,Active,-,4,Good,Owner ${i % 97} Ltd,Y,-`,
      );
    const odd = {
      42: ['Overall Effectiveness', 'Excellent'],
      1500: ['Max Users', 'lots'],
      2999: ['Provider Status', 'Dormant'],
    } as const;
    lines[42 + 1] = lines[42 + 1]!.replace(',Good,', ',Excellent,');
    lines[1500 + 1] = lines[1500 + 1]!.replace(',4,Good,', ',lots,Good,');
    lines[2999 + 1] = lines[2999 + 1]!.replace(',Active,', ',Dormant,');
    const parsed = await parseProviderList('monthly.csv', csv(lines));
    expect(parsed.rows).toHaveLength(2997);
    expect(parsed.errors.map((e) => [e.file, e.row, e.column, e.value])).toEqual(
      Object.entries(odd).map(([i, [column, value]]) => ['monthly.csv', Number(i) + 2, column, value]),
    );
    expect(parsed.rows.map((r) => r.urn)).not.toContain('SC700042');
    expect(parsed.rows.every((r) => r.closedDate === null && r.needFlags.join() === 'emotional-behavioural')).toBe(
      true,
    );
  });

  it('parses dates, postcodes and framework memberships strictly', () => {
    expect(parseListDate('29/02/2024')).toBe('2024-02-29');
    expect(parseListDate('29/02/2023')).toBe('invalid');
    expect(parseListDate(45000)).toBe('2023-03-15');
    expect(parseListDate('')).toBeNull();
    expect(postcodeDistrict('b15 2tt')).toBe('B15');
    expect(postcodeDistrict('EC1A1BB')).toBe('EC1A');
    expect(postcodeDistrict('nowhere')).toBe('invalid');
    expect(parseFrameworks('framework:WM Residential:1/2; dps:WM SA DPS:A')).toEqual([
      { kind: 'framework', name: 'WM Residential', lots: ['1', '2'] },
      { kind: 'dps', name: 'WM SA DPS', lots: ['A'] },
    ]);
    expect(parseFrameworks('contract:Something')).toBe('invalid');
  });
});
