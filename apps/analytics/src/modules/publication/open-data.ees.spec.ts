import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { AGE_BANDS, PLACEMENT_CATEGORIES, type AgeBand, type PlacementCategory } from '@rcc/contracts';
import { eesFiles, eesGeography, eesTime, OpenDataGeographyError, type EesFilePair } from './open-data.ees.js';
import { parseCsv, screenEes, type ScreenedFile } from './ees-screener.js';
import type { StoredVersion } from './publication.format.js';
import { profileTruth, protectProfile, type CouncilSnapshot } from './publication.tables.js';

const STAFFS = 'E10000028';
const STOKE = 'E06000021';
const WORCS = 'E10000034';
const MEMBERS = [STAFFS, STOKE, WORCS];

/** Staffordshire and Stoke report; Worcestershire has no return for the date. Small cells, so some are `c`. */
function snapshots(): CouncilSnapshot[] {
  const cells = (count: (k: number, a: number) => number) =>
    PLACEMENT_CATEGORIES.flatMap((category, k) =>
      AGE_BANDS.map((ageBand, a) => ({
        category: category as PlacementCategory,
        ageBand: ageBand as AgeBand,
        count: count(k, a),
      })),
    ).filter((c) => c.count > 0);
  return [
    // Staffordshire: large counts in fostering and residential only.
    { councilCode: STAFFS, eventId: 's', cells: cells((k, a) => (k < 2 ? 20 + 10 * a : 0)) },
    // Stoke-on-Trent: small counts everywhere (12 per category), so the other categories hold small cells.
    { councilCode: STOKE, eventId: 't', cells: cells((_, a) => [2, 3, 1, 4, 2][a]!) },
  ];
}

function version(asAt: string, roundTotalsTo = 0): StoredVersion {
  const referrals = [
    { councilCode: STAFFS, ageBand: '10-15', status: 'open' as const },
    { councilCode: STOKE, ageBand: '16-plus', status: 'unmet' as const },
  ];
  const truth = profileTruth(asAt, MEMBERS, snapshots(), referrals, roundTotalsTo);
  const { tables, audit } = protectProfile(truth, { minCount: 6 });
  expect(audit.filter((a) => !a.protected)).toEqual([]);
  return {
    version: 4,
    asAt,
    revision: 1,
    publishedAt: `${asAt}T12:00:00.000Z`,
    minCount: 6,
    members: truth.members,
    councils: [STAFFS, STOKE],
    tables,
  };
}

const asFiles = (pairs: EesFilePair[]): ScreenedFile[] =>
  pairs.flatMap((p) => [
    { name: `${p.name}.csv`, content: p.data },
    { name: `${p.name}.meta.csv`, content: p.meta },
  ]);

const records = (csv: string) => {
  const [header, ...rows] = parseCsv(csv);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
};

describe('the EES screener rules', () => {
  it("fail the open data file the platform served before (one file, three tables, 'As at date', no metadata)", () => {
    const before = readFileSync(join(import.meta.dirname, '__fixtures__/demand-profile-before-ees.csv'), 'utf8');
    const failures = screenEes([{ name: 'demand-profile-2020-03-31-v7.csv', content: before }]);
    const checks = new Set(failures.map((f) => f.check));
    expect(checks).toEqual(
      new Set([
        'check_filenames_match', // no .meta.csv
        'precheck_time_identifier', // "As at date"
        'check_time_period', // 20200331: eight digits
        'check_geography_columns_present_and_expected', // no region_code; no old_la_code or la_name
      ]),
    );
    const messages = failures.map((f) => f.message).join('\n');
    expect(messages).toMatch(/"As at date" is not an allowed time_identifier/);
    expect(messages).toMatch(/Regional needs region_code/);
    expect(messages).toMatch(/Local authority needs old_la_code/);
    expect(messages).toMatch(/Local authority needs la_name/);
    // With a metadata file it still fails: table_name, version and revision are columns nothing describes.
    const meta = [
      'col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column',
      'placement_category,Filter,Placement category,,,,,',
      'age_band,Filter,Age band,,,,,',
      'referral_status,Filter,Referral status,,,,,',
      'value,Indicator,Value,,,0,,',
    ].join('\n');
    const withMeta = screenEes([
      { name: 'before.csv', content: before },
      { name: 'before.meta.csv', content: meta },
    ]);
    expect(withMeta.filter((f) => f.check === 'precheck_cross_data_to_meta').map((f) => f.message)).toEqual([
      'column version is neither a time/geography column nor in the metadata',
      'column revision is neither a time/geography column nor in the metadata',
      'column table_name is neither a time/geography column nor in the metadata',
    ]);
  });

  const valid = () => asFiles(eesFiles(version('2020-03-31')));
  const edit = (files: ScreenedFile[], name: RegExp, change: (s: string) => string) =>
    files.map((f) => (name.test(f.name) ? { ...f, content: change(f.content) } : f));
  const checksOf = (files: ScreenedFile[]) => new Set(screenEes(files).map((f) => f.check));

  it.each<[string, (files: ScreenedFile[]) => ScreenedFile[], string]>([
    [
      'a blank indicator cell',
      (f) => edit(f, /age\.csv$/, (s) => s.replace(/,(\d+)\n/, ',\n')),
      'check_ind_invalid_entry',
    ],
    [
      "an obsolete or foreign symbol ('k', '~')",
      (f) => edit(f, /age\.csv$/, (s) => s.replace(/,c\n/, ',k\n')),
      'check_ind_invalid_entry',
    ],
    [
      'a missing metadata file',
      (f) => f.filter((x) => !x.name.endsWith('placement-by-age.meta.csv')),
      'check_filenames_match',
    ],
    [
      'metadata naming a column the data lacks',
      (f) => edit(f, /age\.meta\.csv$/, (s) => s.replace('age_band,', 'age,')),
      'precheck_cross_meta_to_data',
    ],
    [
      'metadata describing a geography column',
      (f) => edit(f, /age\.meta\.csv$/, (s) => `${s}region_code,Filter,Region,,,,,\n`),
      'check_meta_geog_catch',
    ],
    [
      'a filter without Total',
      (f) => edit(f, /age\.csv$/, (s) => s.replaceAll(',Total,', ',All,')),
      'check_filter_defaults',
    ],
    [
      'a six-digit period of non-consecutive years',
      (f) => edit(f, /\.csv$/, (s) => s.replaceAll('2020,Reporting year', '201921,Financial year')),
      'check_time_period_six',
    ],
    [
      'a council code on a Regional row',
      (f) => edit(f, /council-by-placement\.csv$/, (s) => s.replace(/West Midlands,,,,/, 'West Midlands,860,,,')),
      'check_geog_overcompleted_cols',
    ],
    ['a duplicated row', (f) => edit(f, /age\.csv$/, (s) => s + s.split('\n')[1] + '\n'), 'check_general_dupes'],
    [
      'an upper-case file name',
      (f) => f.map((x) => ({ ...x, name: x.name.replace('demand', 'Demand') })),
      'check_filename_special',
    ],
  ])('fail on %s', (_, mutate, check) => {
    expect(screenEes(valid())).toEqual([]);
    expect(checksOf(mutate(valid()))).toContain(check);
  });
});

describe('the open data files of a published version', () => {
  it('are one CSV per table with its .meta.csv, and pass every screener rule', () => {
    const pairs = eesFiles(version('2020-03-31'));
    expect(pairs.map((p) => p.name)).toEqual([
      'demand-profile-v4-placement-by-age',
      'demand-profile-v4-council-by-placement',
      'demand-profile-v4-referrals-by-age',
    ]);
    expect(screenEes(asFiles(pairs))).toEqual([]);
  });

  it('at 31 March: Reporting year and the four-digit year, as the DfE publishes children looked after', () => {
    const rows = records(eesFiles(version('2020-03-31'))[0]!.data);
    expect(new Set(rows.map((r) => `${r['time_period']} ${r['time_identifier']}`))).toEqual(
      new Set(['2020 Reporting year']),
    );
    expect(eesTime('2019-09-30')).toEqual({ timePeriod: '2019', timeIdentifier: 'September' });
    expect(screenEes(asFiles(eesFiles(version('2019-09-30'))))).toEqual([]);
  });

  it('give each council its ONS code, DfE number and name inside its region; a council with no return is z', () => {
    const [, byCouncil] = eesFiles(version('2020-03-31'));
    const rows = records(byCouncil!.data);
    const staffs = rows.filter((r) => r['new_la_code'] === STAFFS);
    expect(staffs).toHaveLength(PLACEMENT_CATEGORIES.length + 1);
    expect(
      new Set(staffs.map((r) => `${r['old_la_code']}|${r['la_name']}|${r['geographic_level']}|${r['region_code']}`)),
    ).toEqual(new Set(['860|Staffordshire|Local authority|E12000005']));
    const worcs = rows.filter((r) => r['new_la_code'] === WORCS);
    expect(worcs.map((r) => r['children_count'])).toEqual(Array(PLACEMENT_CATEGORIES.length + 1).fill('z'));
    const region = rows.filter((r) => r['geographic_level'] === 'Regional');
    expect(region.every((r) => r['region_name'] === 'West Midlands' && r['new_la_code'] === '')).toBe(true);
    const byAge = records(eesFiles(version('2020-03-31'))[0]!.data);
    expect(byAge.some((r) => r['children_count'] === 'c')).toBe(true);
  });

  it("carry the pooled total that the tables share, and write DfE's 'low' for a total that rounds to zero", () => {
    const v = version('2020-03-31');
    const truth = snapshots()
      .flatMap((s) => s.cells)
      .reduce((a, c) => a + c.count, 0);
    const [byAge, byCouncil] = eesFiles(v).map((p) => records(p.data));
    const grand = (rows: Record<string, string>[]) =>
      rows.find(
        (r) =>
          r['geographic_level'] === 'Regional' &&
          r['placement_category'] === 'Total' &&
          (r['age_band'] ?? 'Total') === 'Total',
      );
    expect(grand(byAge!)!['children_count']).toBe(String(truth));
    expect(grand(byCouncil!)!['children_count']).toBe(String(truth));
    // Totals rounded to the nearest 100: a total of 6 to 49 is not zero but rounds to it, which the DfE writes `low`.
    const rounded = version('2020-03-31', 100);
    const cells = eesFiles(rounded).flatMap((p) =>
      records(p.data).map((r) => r['children_count'] ?? r['referrals_count']),
    );
    expect(cells).toContain('low');
    expect(cells).not.toContain('k');
    expect(screenEes(asFiles(eesFiles(rounded)))).toEqual([]);
  });

  it('refuse a region whose councils the DfE geography does not place in one ONS region', () => {
    expect(() => eesGeography([STAFFS, 'E06000099'])).toThrow(OpenDataGeographyError);
    expect(() => eesGeography([STAFFS, 'E06000099'])).toThrow(
      /no DfE\/ONS geography is known for member council E06000099/,
    );
    expect(eesGeography(MEMBERS).region).toEqual({ code: 'E12000005', name: 'West Midlands' });
  });
});
