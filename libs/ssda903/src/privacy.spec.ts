import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  createEnvelope,
  NeedFlowsV1Event,
  NeedSnapshotV1Event,
  NeedTransitionsV1Event,
  type NeedSnapshotV1,
} from '@rcc/contracts';
import { PLACEMENT_TYPES } from './codes.js';
import { parseReturn } from './oracle/parse-return.js';
import type { EpisodeRow, HeaderRow } from './rows.js';
import { monthEnds, needSeries } from './series.js';
import { needSnapshot } from './snapshot.js';
import { textSource, validateSources } from './stream.js';

const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB';
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';

/** 1 to `max` distinct child ids. */
const childIds = (max: number) =>
  fc.uniqueArray(fc.stringMatching(/^[A-Z]{1,3}\d{4,8}$/), { minLength: 1, maxLength: max });

/** A header of each child: its id, a date of birth drawn from `day` and a UPN. */
const childrenOf = (ids: string[], day: fc.Arbitrary<string>) =>
  fc.tuple(
    ...ids.map((id) => fc.record({ child: fc.constant(id), dob: day, upn: fc.stringMatching(/^[A-Z]\d{12}$/) })),
  );

/**
 * Up to `maxChildren` children born on a `day`, and up to `maxEpisodes` episodes among them: each starting on a `day`,
 * lasting some days or still open, in any placement type, with a home and a placement `postcode`.
 */
const worldOf = (
  sizes: { maxChildren: number; maxEpisodes: number },
  day: fc.Arbitrary<string>,
  postcode: fc.Arbitrary<string>,
) =>
  childIds(sizes.maxChildren).chain((ids) =>
    fc.record({
      children: childrenOf(ids, day),
      episodes: fc.array(
        fc.record({
          child: fc.constantFrom(...ids),
          decom: day,
          days: fc.option(fc.integer({ min: 0, max: 700 })),
          place: fc.constantFrom(...PLACEMENT_TYPES),
          home: postcode,
          pl: postcode,
        }),
        { maxLength: sizes.maxEpisodes },
      ),
    }),
  );

describe('what leaves a council', () => {
  const day = fc
    .integer({ min: 0, max: 8000 })
    .map((n) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const postcode = fc
    .tuple(
      fc.constantFrom('ST', 'WS', 'B', 'DE'),
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 0, max: 9 }),
      fc.constantFrom('AB', 'QX', 'ZZ'),
    )
    .map(([a, n, d, z]) => `${a}${n} ${d}${z}`);
  const world = fc.tuple(worldOf({ maxChildren: 25, maxEpisodes: 40 }, day, postcode), day);

  it('a need snapshot event never carries a child id, date of birth, UPN or full postcode', () => {
    fc.assert(
      fc.property(world, ([{ children, episodes }, asAt]) => {
        const header: HeaderRow[] = children.map((c) => ({
          child: c.child,
          sex: '1',
          dob: c.dob,
          ethnic: 'WBRI',
          upn: c.upn,
          mother: null,
          mcDob: null,
        }));
        const born = new Map(children.map((c) => [c.child, c.dob]));
        const eps: EpisodeRow[] = episodes
          .filter((e) => e.decom >= born.get(e.child)!)
          .map((e) => ({
            child: e.child, decom: e.decom, rne: 'S', ls: 'C2', cin: 'N1', place: e.place, placeProvider: null, dec: null,
            rec: null, reasonPlaceChange: null, homePost: e.home, plPost: e.pl, urn: null,
          })); // prettier-ignore
        const snapshot = needSnapshot(header, eps, asAt);
        const payload: NeedSnapshotV1 = { councilCode: 'E10000028', ...snapshot };
        const message = JSON.stringify(
          createEnvelope(NeedSnapshotV1Event, {
            producer: 'council:E10000028',
            tenant: 'E10000028',
            key: 'E10000028',
            payload,
          }),
        );
        const tokens = new Set(message.split(/[^A-Za-z0-9-]+/));
        for (const c of children) {
          expect(tokens.has(c.child)).toBe(false);
          expect(message).not.toContain(c.upn);
          if (c.dob !== asAt) expect(message).not.toContain(c.dob);
        }
        for (const e of episodes) {
          expect(message).not.toContain(e.home);
          expect(message).not.toContain(e.pl);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('what leaves a council in the monthly series', () => {
  const day = fc
    .integer({ min: 0, max: 2500 })
    .map((n) => new Date(Date.UTC(2014, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const postcode = fc
    .tuple(fc.constantFrom('ST', 'WS', 'B'), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 9 }))
    .map(([a, n, d]) => `${a}${n} ${d}QX`);
  const world = worldOf({ maxChildren: 15, maxEpisodes: 25 }, day, postcode);

  it('snapshots, flows and transitions never carry a child id, date of birth, UPN or postcode', () => {
    const from = { producer: 'council:E10000028', tenant: 'E10000028', key: 'E10000028' };
    const councilCode = 'E10000028';
    const dates = monthEnds('2016-03-01', '2018-03-01');
    fc.assert(
      fc.property(world, ({ children, episodes }) => {
        const header: HeaderRow[] = children.map((c) => ({
          child: c.child, sex: '1', dob: c.dob, ethnic: 'WBRI', upn: c.upn, mother: null, mcDob: null,
        })); // prettier-ignore
        const born = new Map(children.map((c) => [c.child, c.dob]));
        const seen = new Set<string>();
        const eps: EpisodeRow[] = episodes
          .filter((e) => e.decom >= born.get(e.child)! && !seen.has(`${e.child}/${e.decom}`))
          .map((e) => {
            seen.add(`${e.child}/${e.decom}`);
            const dec = e.days === null ? null : new Date(Date.parse(e.decom) + e.days * 864e5).toISOString().slice(0, 10);
            return {
              child: e.child, decom: e.decom, rne: 'S', ls: 'C2', cin: 'N1', place: e.place, placeProvider: null,
              dec, rec: dec ? 'E13' : null, reasonPlaceChange: null, homePost: e.home, plPost: e.pl, urn: null,
            };
          }); // prettier-ignore
        const series = needSeries(header, eps, dates);
        const messages = [
          ...series.snapshots.map((s) =>
            createEnvelope(NeedSnapshotV1Event, { ...from, payload: { councilCode, ...s } }),
          ),
          createEnvelope(NeedFlowsV1Event, {
            ...from,
            payload: { councilCode, asAt: dates.at(-1)!, months: series.flows.slice(-12) },
          }),
          ...series.transitions.map((t) =>
            createEnvelope(NeedTransitionsV1Event, { ...from, payload: { councilCode, ...t } }),
          ),
        ].map((m) => JSON.stringify(m));
        for (const message of messages) {
          const tokens = new Set(message.split(/[^A-Za-z0-9-]+/));
          for (const c of children) {
            expect(tokens.has(c.child)).toBe(false);
            expect(message).not.toContain(c.upn);
            // A date of birth that happens to be a month-end can equal a snapshot's date: that is the date, not the child.
            if (!dates.includes(c.dob)) expect(message).not.toContain(c.dob);
          }
          for (const e of episodes) {
            expect(message).not.toContain(e.home);
            expect(message).not.toContain(e.pl);
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('malformed input', () => {
  it('the streaming reader gives errors, never a crash, for arbitrary bytes in any file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('latin1')),
        ),
        fc.string({ maxLength: 400 }),
        async (a, b) => {
          const report = await validateSources([textSource('2020-h.csv', a), textSource('2020-e.xml', b)]);
          expect(report.totalErrors).toBeGreaterThan(0);
          expect(report.errors.every((e) => typeof e.rule === 'string' && typeof e.row === 'number')).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives errors, never a crash, for arbitrary bytes in any file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400 }), fc.string({ maxLength: 400 }), async (a, b) => {
        const parsed = await parseReturn([
          { name: 'h.csv', content: a },
          { name: 'e.csv', content: b },
        ]);
        expect(parsed.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('gives errors, never a crash, for valid columns with fuzzed values', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('', '01/01/2020', '31/02/2020', 'U4', 'S', 'C2', '"', ',', '\n'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 7, maxLength: 7 }), { maxLength: 5 }),
        fc.array(fc.array(cell, { minLength: 13, maxLength: 13 }), { maxLength: 5 }),
        async (h, e) => {
          const csv = (head: string, rows: string[][]) =>
            [head, ...rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(','))].join('\n');
          const parsed = await parseReturn([
            { name: 'h.csv', content: csv(HEADER, h) },
            { name: 'e.csv', content: csv(EPISODES, e) },
          ]);
          // Either clean (then every row is usable) or refused with errors naming rows.
          for (const err of parsed.errors) expect(typeof err.rule).toBe('string');
          if (parsed.errors.length === 0) expect(parsed.header.length).toBe(h.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
