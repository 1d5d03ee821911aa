import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { dfeTables, formatDfeTables, type DfeTables } from './dfe-tables.js';
import { parseReturns } from './oracle/stitch.js';

/** The hand-made three-year return (fixtures/three-years; its README says who is looked after when, and why). */
async function threeYears() {
  const dir = join(import.meta.dirname, '../fixtures/three-years');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => ({ name: f, content: readFileSync(join(dir, f), 'utf8') }));
  const stitched = await parseReturns(files);
  expect(stitched.errors).toEqual([]);
  return stitched;
}

const nonZero = (t: DfeTables, title: string) =>
  Object.fromEntries(
    t.tables
      .find((x) => x.title.includes(title))!
      .rows.filter((r) => r.count > 0)
      .map((r) => [r.label, r.count]),
  );

describe('dfeTables: the DfE local-authority layout', () => {
  it('counts 31 March 2020 by placement, age, legal status, gender and ethnicity, and the year flows', async () => {
    const s = await threeYears();
    const t = dfeTables(s.header, s.episodes, 2020);
    expect(t.asAt).toBe('2020-03-31');
    // A (U4, 10, C2, male, WBRI), C (K2, 13, V2, male, AIND), E (U4, 6, C2, female, WBRI), G (H5, 17, V2, female,
    // BCRB). B is not counted (absent from 2019-20), F only has short breaks.
    for (const table of t.tables.slice(0, 5)) expect([table.title, table.total]).toEqual([table.title, 4]);
    expect(nonZero(t, 'by placement')).toEqual({
      'Foster placements: with other foster carer': 2,
      "Secure units, children's homes and semi-independent living": 2,
    });
    expect(nonZero(t, 'by age')).toEqual({ '5 to 9 years': 1, '10 to 15 years': 2, '16 years and over': 1 });
    expect(nonZero(t, 'by legal status')).toEqual({
      'Care orders: full care order': 2,
      'Voluntary agreements under section 20': 2,
    });
    expect(nonZero(t, 'by gender')).toEqual({ Male: 2, Female: 2 });
    expect(nonZero(t, 'by ethnicity')).toEqual({
      White: 2,
      'Asian or Asian British': 1,
      'Black, Black British, Caribbean or African': 1,
    });
    // Started in 2019-20: C, E, G (F's short breaks are not counted). Ceased: nobody (E's first episode ends X1).
    expect(nonZero(t, 'started and ceased')).toEqual({ 'Started to be looked after': 3 });
  });

  it('counts 2021: the adopted child and the one who turned 18 are not looked after; two started, two ceased', async () => {
    const s = await threeYears();
    const t = dfeTables(s.header, s.episodes, 2021);
    expect(t.tables[0]!.total).toBe(2); // A and H
    expect(nonZero(t, 'started and ceased')).toEqual({
      'Started to be looked after': 2, // D, H
      'Ceased to be looked after': 2, // D adopted (E11), E home (E13)
    });
    expect(dfeTables(s.header, s.episodes, 2019).tables[0]!.total).toBe(3); // A, B, H
  });

  it('prints every row with its codes, zeros included', async () => {
    const s = await threeYears();
    const text = formatDfeTables(dfeTables(s.header, s.episodes, 2020), 'E06000021');
    expect(text).toMatch(/^E06000021: children looked after, DfE local-authority table layout, year ending 2020-03-31/);
    expect(text).toMatch(/ {2}Placed for adoption +0 {3}\(A3, A4, A5, A6\)/);
    expect(text).toMatch(/ {2}Total +4\n/);
  });
});
