import { beforeAll, describe, expect, it } from '@jest/globals';
import { ageInYears, councilIndicators, needSnapshot, parseReturns, type StitchedReturns } from '@rcc/ssda903';
import * as R from './rates.js';
import { simulateRegion, type SimulatedRegion } from './region.js';

/**
 * The simulated region measured the way the platform measures a council (its own SSDA903 parser, stitching and DfE
 * counting from @rcc/ssda903), against the national rates cited in rates.ts, within stated bands. The bands are
 * wider for small councils: a council of 330 children has about 130 entries a year, so chance alone moves a rate by
 * about +-9% (two standard deviations of a Poisson count).
 */
const SEED = 20260331;
let region: SimulatedRegion;
const stitched = new Map<string, StitchedReturns>();

/** Relative band: +-25% of the cited rate (chance at these sizes is within about +-10%; the model's drift the rest). */
const within = (value: number, rate: number, band = 0.25) => {
  expect(value).toBeGreaterThanOrEqual(rate * (1 - band));
  expect(value).toBeLessThanOrEqual(rate * (1 + band));
};

beforeAll(async () => {
  region = simulateRegion({ seed: SEED, councils: 5, years: 5 });
  for (const c of region.councils) stitched.set(c.code, await parseReturns(c.files));
});

describe('the simulated region', () => {
  it('has five councils of different sizes with five returns each, the last for the year to 31 March 2026', () => {
    expect(region.collectionYears).toEqual([2022, 2023, 2024, 2025, 2026]);
    expect(new Set(region.councils.map((c) => c.lookedAfter)).size).toBe(5);
    for (const c of region.councils) {
      expect(c.files.map((f) => f.name).filter((n) => n.endsWith('-episodes.csv'))).toHaveLength(5);
      const parsed = stitched.get(c.code)!;
      expect(parsed.errors.slice(0, 5)).toEqual([]);
      expect(parsed.returns.map((r) => r.collectionYear)).toEqual(region.collectionYears);
    }
  });

  it('never puts one child in two councils', () => {
    const seen = new Map<string, string>();
    for (const c of region.councils) {
      for (const id of c.childIds) {
        expect(seen.get(id) ?? c.code).toBe(c.code);
        seen.set(id, c.code);
      }
      // The ids in the returns are the ids it lists.
      expect(new Set(stitched.get(c.code)!.header.map((h) => h.child))).toEqual(new Set(c.childIds));
    }
  });

  it('is the same region from the same seed, and another from another seed', () => {
    const again = simulateRegion({ seed: SEED, councils: 2, years: 2 });
    const other = simulateRegion({ seed: SEED + 1, councils: 2, years: 2 });
    const first = simulateRegion({ seed: SEED, councils: 2, years: 2 });
    expect(again.councils[1]!.files).toEqual(first.councils[1]!.files);
    expect(other.councils[1]!.files).not.toEqual(first.councils[1]!.files);
  });

  it('refuses a region it cannot make', () => {
    expect(() => simulateRegion({ seed: 1, councils: 0 })).toThrow(/councils must be 1 to 15/);
    expect(() => simulateRegion({ seed: 1, councils: 16 })).toThrow(/councils must be 1 to 15/);
    expect(() => simulateRegion({ seed: 1, years: 0 })).toThrow(/years must be 1 to 10/);
  });
});

describe.each([0, 1, 2, 3, 4])('council %i of the simulated region', (index) => {
  const council = () => region.councils[index]!;
  const data = () => stitched.get(council().code)!;
  const stock = (year: number) => needSnapshot(data().header, data().episodes, `${year}-03-31`);
  const inYear = (date: string | null, year: number) =>
    date !== null && date >= `${year - 1}-04-01` && date <= `${year}-03-31`;

  it('looks after about its target number of children at every 31 March (+-20%)', () => {
    for (const year of region.collectionYears) within(stock(year).total, council().lookedAfter, 0.2);
  });

  it('has entries and exits each year at the national rates per child looked after (DfE CLA 2024, +-25%)', () => {
    for (const year of region.collectionYears.slice(1)) {
      const base = stock(year - 1).total;
      const entries = data().episodes.filter((e) => e.rne === 'S' && inYear(e.decom, year)).length;
      const exits = data().episodes.filter((e) => e.rec !== null && e.rec !== 'X1' && inYear(e.dec, year)).length;
      within(entries / base, R.ENTRY_RATE);
      within(exits / base, R.EXIT_RATE);
    }
  });

  it('has the national placement mix at 31 March 2026 (foster 68%, homes and supported 17%, parents 6%)', () => {
    const snapshot = stock(2026);
    const share = (category: string) =>
      snapshot.cells.filter((c) => c.category === category).reduce((s, c) => s + c.count, 0) / snapshot.total;
    expect(share('fostering')).toBeGreaterThanOrEqual(0.6);
    expect(share('fostering')).toBeLessThanOrEqual(0.78);
    expect(share('residential') + share('supported')).toBeGreaterThanOrEqual(0.11);
    expect(share('residential') + share('supported')).toBeLessThanOrEqual(0.25);
    expect(share('parents')).toBeGreaterThanOrEqual(0.03);
    expect(share('parents')).toBeLessThanOrEqual(0.11);
    // Ages as nationally: 10-15s the largest group.
    const band = (b: string) => snapshot.cells.filter((c) => c.ageBand === b).reduce((s, c) => s + c.count, 0);
    expect(Math.max(...snapshot.cells.map((c) => band(c.ageBand)))).toBe(band('10-15'));
  });

  it('places about 43% out of area, has 3+ placements for about 10%, and no under-16 in unregulated settings', () => {
    const indicators = councilIndicators(data().header, data().episodes, '2026-03-31', council().code);
    const out = indicators.outOfArea!;
    expect(out.unknown).toBe(0);
    within(out.count / out.of, R.OUT_OF_AREA_SHARE, 0.2);
    const moves = indicators.threeOrMorePlacements.count / indicators.threeOrMorePlacements.of;
    expect(moves).toBeGreaterThanOrEqual(0.03);
    expect(moves).toBeLessThanOrEqual(0.16);
    expect(indicators.under16Unregulated.count).toBe(0);
  });

  it('has missing incidents for about 11% of the children looked after in a year, all aged 11 or over', () => {
    const missing = data().other.filter((o) => o.table === 'missing' && o.collectionYear === 2026);
    const rows = missing.flatMap((m) => m.rows) as unknown as { child: string; dob: string; misStart: string }[];
    expect(rows.filter((r) => ageInYears(r.dob, r.misStart) < 11)).toEqual([]);
    const children = new Set(rows.map((r) => r.child));
    const during = new Set(
      data()
        .episodes.filter((e) => e.decom <= '2026-03-31' && (e.dec === null || e.dec >= '2025-04-01'))
        .map((e) => e.child),
    );
    within(children.size / during.size, 0.11, 0.45);
  });
});
