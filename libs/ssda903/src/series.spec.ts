import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PLACEMENT_TYPES } from './codes.js';
import type { EpisodeRow, HeaderRow } from './rows.js';
import { monthEnds, needSeries } from './series.js';
import { needSnapshot } from './snapshot.js';

const child = (id: string, dob: string): HeaderRow => ({
  child: id, sex: '1', dob, ethnic: 'WBRI', upn: null, mother: null, mcDob: null,
}); // prettier-ignore
const ep = (
  id: string, decom: string, rne: string, ls: string, place: string, dec: string | null = null, rec: string | null = null,
): EpisodeRow => ({
  child: id, decom, rne, ls, cin: 'N1', place, placeProvider: null, dec, rec, reasonPlaceChange: null,
  homePost: null, plPost: null, urn: null,
}); // prettier-ignore

describe('monthEnds', () => {
  it('lists the last day of each month, leap years included', () => {
    expect(monthEnds('2020-01-15', '2020-03-01')).toEqual(['2020-01-31', '2020-02-29', '2020-03-31']);
    expect(monthEnds('2021-12-31', '2022-01-01')).toEqual(['2021-12-31', '2022-01-31']);
  });
});

describe('needSeries: the monthly stock, flows and transitions, counted by hand', () => {
  // A: fostered throughout, turns 10 on 15 Feb 2020 (ages into the next band).
  // B: enters residential care on 10 Feb, moves to foster care on 5 Mar (X1: same day), stays.
  // C: a baby in foster care who goes home on 20 Feb (E4A).
  // D: short breaks only (V3): never counted.
  // E: enters and leaves within March: in the flows, never at a month-end.
  const children = [
    child('A', '2010-02-15'),
    child('B', '2005-06-01'),
    child('C', '2019-06-01'),
    child('D', '2008-01-01'),
    child('E', '2012-01-01'),
  ];
  const episodes = [
    ep('A', '2019-12-01', 'S', 'C2', 'U4'),
    ep('B', '2020-02-10', 'S', 'C1', 'K2', '2020-03-05', 'X1'),
    ep('B', '2020-03-05', 'P', 'C1', 'U4'),
    ep('C', '2019-11-01', 'S', 'C2', 'U6', '2020-02-20', 'E4A'),
    ep('D', '2020-01-01', 'S', 'V3', 'K1'),
    ep('E', '2020-03-10', 'S', 'V2', 'P1', '2020-03-20', 'E13'),
  ];
  const series = needSeries(children, episodes, ['2020-01-31', '2020-02-29', '2020-03-31']);
  const nonZero = (i: number) =>
    series.snapshots[i]!.cells.filter((c) => c.count > 0).map((c) => `${c.category}/${c.ageBand}=${c.count}`);

  it('counts the stock at every month-end', () => {
    expect(nonZero(0)).toEqual(['fostering/under-1=1', 'fostering/5-9=1']);
    expect(nonZero(1)).toEqual(['fostering/10-15=1', 'residential/10-15=1']);
    expect(nonZero(2)).toEqual(['fostering/10-15=2']);
    expect(series.snapshots.map((s) => s.total)).toEqual([2, 2, 2]);
  });

  it('counts the moves between month-end states, ageing and stock that stayed included', () => {
    expect(series.transitions).toEqual([
      {
        month: '2020-02',
        cells: [
          { from: 'fostering/5-9', to: 'fostering/10-15', count: 1 },
          { from: 'fostering/under-1', to: 'out', count: 1 },
          { from: 'out', to: 'residential/10-15', count: 1 },
        ],
      },
      {
        month: '2020-03',
        cells: [
          { from: 'fostering/10-15', to: 'fostering/10-15', count: 1 },
          { from: 'residential/10-15', to: 'fostering/10-15', count: 1 },
        ],
      },
    ]);
  });

  it('counts entries and exits within each month (X1 is not an exit, short breaks are not counted)', () => {
    expect(series.flows).toEqual([
      { month: '2020-02', entries: 1, exits: 1 },
      { month: '2020-03', entries: 1, exits: 1 },
    ]);
  });
});

describe('needSeries agrees with needSnapshot and with itself', () => {
  const day = fc
    .integer({ min: 0, max: 3000 })
    .map((n) => new Date(Date.UTC(2012, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const world = fc.uniqueArray(fc.stringMatching(/^[A-Z]\d{3}$/), { minLength: 1, maxLength: 12 }).chain((ids) =>
    fc.record({
      dobs: fc.tuple(...ids.map(() => day)),
      episodes: fc.array(
        fc.record({
          child: fc.constantFrom(...ids),
          decom: day,
          length: fc.option(fc.integer({ min: 0, max: 900 })),
          ls: fc.constantFrom('C2', 'V2', 'V3'),
          place: fc.constantFrom(...PLACEMENT_TYPES),
        }),
        { maxLength: 30 },
      ),
      ids: fc.constant(ids),
    }),
  );

  it('each month-end snapshot is the snapshot for that date, and every month balances', () => {
    fc.assert(
      fc.property(world, ({ ids, dobs, episodes }) => {
        const header = ids.map((id, i) => child(id, dobs[i]!));
        const born = new Map(header.map((h) => [h.child, h.dob]));
        const seen = new Set<string>();
        const eps = episodes
          .filter(
            (e) =>
              e.decom >= born.get(e.child)! && !seen.has(`${e.child}/${e.decom}`) && seen.add(`${e.child}/${e.decom}`),
          )
          .map((e) => {
            const dec =
              e.length === null
                ? null
                : new Date(Date.parse(e.decom) + e.length * 86_400_000).toISOString().slice(0, 10);
            return ep(e.child, e.decom, 'S', e.ls, e.place, dec, dec ? 'E13' : null);
          });
        const dates = monthEnds('2013-01-01', '2015-12-01');
        const series = needSeries(header, eps, dates);
        dates.forEach((d, i) => expect(series.snapshots[i]).toEqual(needSnapshot(header, eps, d)));
        series.transitions.forEach((t, j) => {
          for (const cell of series.snapshots[j + 1]!.cells) {
            const into = t.cells.filter((c) => c.to === `${cell.category}/${cell.ageBand}`);
            expect(into.reduce((n, c) => n + c.count, 0)).toBe(cell.count);
          }
          for (const cell of series.snapshots[j]!.cells) {
            const from = t.cells.filter((c) => c.from === `${cell.category}/${cell.ageBand}`);
            expect(from.reduce((n, c) => n + c.count, 0)).toBe(cell.count);
          }
          expect(t.cells.every((c) => c.count > 0 && !(c.from === 'out' && c.to === 'out'))).toBe(true);
        });
      }),
      { numRuns: 40 },
    );
  });
});
