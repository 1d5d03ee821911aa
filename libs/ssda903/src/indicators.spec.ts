import { describe, expect, it } from '@jest/globals';
import { councilIndicators, CouncilIndicatorsBuilder } from './indicators.js';
import type { EpisodeRow, HeaderRow } from './rows.js';

const child = (id: string, dob: string): HeaderRow => ({
  child: id,
  sex: '1',
  dob,
  ethnic: 'WBRI',
  upn: null,
  mother: null,
  mcDob: null,
});
const ep = (id: string, decom: string, rne: string, ls: string, place: string, dec: string | null, rec: string | null): EpisodeRow => ({
  child: id, decom, rne, ls, cin: 'N1', place, placeProvider: null, dec, rec, reasonPlaceChange: null, homePost: null, plPost: null, urn: null,
}); // prettier-ignore

/**
 * A worked example, counted by hand (asAt 31 March 2022):
 * A (9): three placements in the year to asAt (U4 until June 2021, K2 until September, U5 since): stability A.
 * B (14): looked after since April 2018, same placement since then (the 2019 episode is a legal-status change only).
 * C (15): in semi-independent accommodation (H5) since November 2021: flagged; one entry in November.
 * D (17): left care to independent living in January 2022: one exit; not looked after at asAt.
 * E (12): short breaks only (V3): counted nowhere.
 * F (15): independent living (P2) since July 2021: flagged; one entry in July.
 */
const children = [
  child('A', '2012-05-01'),
  child('B', '2008-02-01'),
  child('C', '2007-01-01'),
  child('D', '2005-01-01'),
  child('E', '2010-01-01'),
  child('F', '2006-06-01'),
];
const episodes = [
  ep('A', '2019-01-10', 'S', 'C2', 'U4', '2021-06-01', 'X1'),
  ep('A', '2021-06-01', 'P', 'C2', 'K2', '2021-09-01', 'X1'),
  ep('A', '2021-09-01', 'P', 'C2', 'U5', null, null),
  ep('B', '2018-04-01', 'S', 'C1', 'U4', '2019-05-01', 'X1'),
  ep('B', '2019-05-01', 'L', 'C2', 'U4', null, null),
  ep('C', '2021-11-15', 'S', 'V2', 'H5', null, null),
  ep('D', '2020-01-01', 'S', 'C2', 'P2', '2022-01-20', 'E5'),
  ep('E', '2021-04-10', 'S', 'V3', 'R1', null, null),
  ep('F', '2021-07-01', 'S', 'C1', 'P2', null, null),
];

describe('councilIndicators, against a hand-counted example', () => {
  const result = councilIndicators(children, episodes, '2022-03-31');

  it('counts children looked after by placement type and age band', () => {
    expect(result.lookedAfter.total).toBe(4);
    const nonZero = result.lookedAfter.cells
      .filter((c) => c.count > 0)
      .map((c) => `${c.category}/${c.ageBand}=${c.count}`);
    expect(nonZero).toEqual(['fostering/5-9=1', 'fostering/10-15=1', 'supported/10-15=2']);
  });

  it('counts entries and exits per month over the year', () => {
    expect(result.flows.map((f) => f.month)).toEqual([
      '2021-04', '2021-05', '2021-06', '2021-07', '2021-08', '2021-09', '2021-10', '2021-11', '2021-12', '2022-01', '2022-02', '2022-03',
    ]); // prettier-ignore
    expect(result.flows.filter((f) => f.entries > 0 || f.exits > 0)).toEqual([
      { month: '2021-07', entries: 1, exits: 0 },
      { month: '2021-11', entries: 1, exits: 0 },
      { month: '2022-01', entries: 0, exits: 1 },
    ]);
  });

  it('measures placement stability', () => {
    expect(result.threeOrMorePlacements).toEqual({ count: 1, of: 4 });
    expect(result.samePlacementTwoYears).toEqual({ count: 1, of: 2 });
  });

  it('flags under-16s in settings not regulated for them', () => {
    expect(result.under16Unregulated).toEqual({ count: 2, children: ['C', 'F'] });
  });

  it('uses the stitched end date when there is one', () => {
    const stitched = episodes.map((e) => (e.child === 'C' ? { ...e, effectiveDec: '2022-01-31', repair: 'x' } : e));
    const r = councilIndicators(children, stitched, '2022-03-31');
    expect(r.under16Unregulated.children).toEqual(['F']);
    expect(r.lookedAfter.total).toBe(3);
  });
});

describe('out-of-area share, against hand counts', () => {
  it('says why it cannot be computed when the episodes carry no placement location', () => {
    const result = councilIndicators(children, episodes, '2022-03-31', 'E10000028');
    expect(result.outOfArea).toBeNull();
    expect(result.outOfAreaUnavailable).toMatch(/no PL_LOCATION or PL_LA.*ONS postcode directory/);
  });

  it('counts current placements OUT of area from PL_LOCATION, else from PL_LA against the council code', () => {
    // Looked after at asAt: A (current U5 episode), B, C, F. D has left; E is short breaks only.
    // A: PL_LOCATION OUT (its earlier K2 episode was IN: only the current placement counts).
    // B: PL_LA E10000028, the council itself: IN. C: PL_LA E06000021 (another council): OUT.
    // F: PL_LOCATION NA: unknown. D (left) OUT and E (short breaks) OUT: not counted.
    const where: Record<string, Partial<EpisodeRow>> = {
      'A/2021-06-01': { plLocation: 'IN' },
      'A/2021-09-01': { plLocation: 'OUT' },
      'B/2019-05-01': { plLa: 'E10000028' },
      'C/2021-11-15': { plLa: 'E06000021' },
      'D/2020-01-01': { plLocation: 'OUT' },
      'E/2021-04-10': { plLocation: 'OUT' },
      'F/2021-07-01': { plLocation: 'NA' },
    };
    const located = episodes.map((e) => ({ ...e, ...where[`${e.child}/${e.decom}`] }));
    const result = councilIndicators(children, located, '2022-03-31', 'E10000028');
    expect(result.outOfArea).toEqual({ count: 2, of: 3, unknown: 1 });
    expect(result.outOfAreaUnavailable).toBeNull();
    // Without the council's code, PL_LA cannot say IN or OUT: only A's PL_LOCATION is known.
    expect(councilIndicators(children, located, '2022-03-31').outOfArea).toEqual({ count: 1, of: 1, unknown: 3 });
  });
});

describe('CouncilIndicatorsBuilder: one child at a time, as the council streams its history', () => {
  const streamed = (list: EpisodeRow[], asAt: string, code?: string) => {
    const b = new CouncilIndicatorsBuilder(asAt, code);
    for (const c of [...children].reverse()) {
      const own = list.filter((e) => e.child === c.child);
      if (own.length > 0) b.addChild(c, own);
    }
    return b.result();
  };

  it('gives exactly what councilIndicators gives on everything at once', () => {
    for (const asAt of ['2021-03-31', '2021-10-31', '2022-03-31']) {
      expect(streamed(episodes, asAt, 'E10000028')).toEqual(councilIndicators(children, episodes, asAt, 'E10000028'));
    }
    const located = episodes.map((e) => (e.child === 'A' ? { ...e, plLocation: 'OUT' } : e));
    expect(streamed(located, '2022-03-31', 'E10000028')).toEqual(
      councilIndicators(children, located, '2022-03-31', 'E10000028'),
    );
    expect(streamed(located, '2022-03-31', 'E10000028').outOfArea).toEqual({ count: 1, of: 1, unknown: 3 });
  });
});
