import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import { openReferralInput, testToken, useCouncil, type ReferralOverrides } from '@rcc/testing';
import { libraryEpisodes, rejectedRows, storedEpisodes } from './test/episodes.js';

/** The council service on real PostgreSQL: five sample years stitched, and a return with seeded errors refused. */
const SAMPLES = join(repoRoot(), 'libs/testing/fixtures/ssda903/sample-council-2017-2021');
const COUNCIL = 'E10000028';
type Cell = { category: string; ageBand: string; count: number };

function sampleFiles(filter: (name: string) => boolean = () => true) {
  if (!existsSync(SAMPLES))
    throw new Error(`the sample returns are expected at ${SAMPLES} (vendored in the repository)`);
  return readdirSync(SAMPLES)
    .filter((f) => f.endsWith('.csv') && filter(f))
    .sort()
    .map((f) => ({ name: f, content: readFileSync(join(SAMPLES, f), 'utf8') }));
}

const IMPORT = `mutation($input: ImportSsda903Input!) {
  importSsda903(input: $input) { alreadyImported years children episodes records repairs snapshotAsAt snapshotTotal }
}`;

describe('council SSDA903 import on real PostgreSQL', () => {
  const council = useCouncil('council_import', {
    code: COUNCIL,
    name: 'Staffordshire',
    sharing: 'need-snapshot,referrals',
  });
  const count = async (sql: string) => {
    const client = new pg.Client({ connectionString: council.db.url });
    await client.connect();
    try {
      return Number((await client.query(sql)).rows[0].n);
    } finally {
      await client.end();
    }
  };
  const query = async <T>(sql: string) => {
    const client = new pg.Client({ connectionString: council.db.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const run = (files: { name: string; content: string }[]) =>
    graphqlRequest<{ importSsda903: Record<string, unknown> }>(council.graphqlUrl, IMPORT, {
      token: council.token,
      variables: { input: { files } },
    });

  it('rejects a return with seeded errors whole, naming the exact rows, and writes nothing', async () => {
    const files = sampleFiles((f) => f.startsWith('2019-'));
    const header = files.find((f) => f.name === '2019-header.csv')!;
    const episodes = files.find((f) => f.name === '2019-episodes.csv')!;
    const lines = (text: string) => text.split(/\r?\n/);
    const h = lines(header.content);
    h[4] = h[4]!.replace(/^([^,]+),[^,]*,/, '$1,7,'); // line 5: SEX 7
    const e = lines(episodes.content);
    e[9] = e[9]!.replace(/^([^,]+),[^,]*,/, '$1,31/02/2019,'); // line 10: DECOM 31 February
    e[19] = e[19]!.replace(/^(([^,]*,){5})[^,]*,/, '$1Q9,'); // line 20: PLACE Q9
    const result = await run([
      ...files.filter((f) => f !== header && f !== episodes),
      { name: header.name, content: h.join('\n') },
      { name: episodes.name, content: e.join('\n') },
    ]);
    expect(result.data).toBeNull();
    expect(rejectedRows(result).map((x) => `${x.file}:${x.row}:${x.column}:${x.rule}`)).toEqual([
      '2019-header.csv:5:SEX:header.sex.code',
      '2019-episodes.csv:10:DECOM:episodes.decom.date',
      '2019-episodes.csv:20:PLACE:episodes.place.code',
    ]);
    expect(await count('SELECT count(*) AS n FROM child')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(0);
  });

  it('names the XML line and the CHILDID of a bad value in an XML return, and writes nothing', async () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<EXPSSDA903>',
      '  <CHILD>',
      '    <HEADER>',
      '      <CHILDID>X1</CHILDID>',
      '      <SEX>1</SEX>',
      '      <DOB>01/01/2010</DOB>',
      '      <ETHNIC>WBRI</ETHNIC>',
      '    </HEADER>',
      '    <EPISODE>',
      '      <DECOM>01/05/2020</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER>',
      '    </EPISODE>',
      '  </CHILD>',
      '  <CHILD>',
      '    <HEADER>',
      '      <CHILDID>X2</CHILDID>',
      '      <SEX>7</SEX>', // line 17
      '      <DOB>01/01/2011</DOB>',
      '      <ETHNIC>WBRI</ETHNIC>',
      '    </HEADER>',
      '    <EPISODE>',
      '      <DECOM>31/02/2020</DECOM>', // line 22
      '      <RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER>',
      '    </EPISODE>',
      '  </CHILD>',
      '</EXPSSDA903>',
    ].join('\n');
    const result = await run([{ name: '2021-return.xml', content: xml }]);
    expect(rejectedRows(result).map((x) => `${x.file}:${x.row}:${x.column}:${x.message.split(':')[0]}`)).toEqual([
      '2021-return.xml#header:17:SEX:CHILDID X2',
      '2021-return.xml#episodes:22:DECOM:CHILDID X2',
    ]);
    expect(await count('SELECT count(*) AS n FROM child')).toBe(0);
  });

  it('imports the five sample years as one stitched history, and re-importing changes nothing', async () => {
    const files = sampleFiles();
    const result = await run(files);
    expect(result.errors).toBeUndefined();
    const r = result.data!.importSsda903;
    expect(r['years']).toEqual([2018, 2019, 2020, 2021, 2022]);
    // Hand-countable expectations from the files themselves.
    const rows = (table: string) =>
      files.filter((f) => f.name.endsWith(`-${table}.csv`)).flatMap((f) => f.content.trim().split(/\r?\n/).slice(1));
    const distinct = (list: string[], key: (cols: string[]) => string) =>
      new Set(list.map((l) => key(l.split(',')))).size;
    expect(r['children']).toBe(distinct(rows('header'), (c) => c[0]!));
    expect(r['episodes']).toBe(distinct(rows('episodes'), (c) => `${c[0]}/${c[1]}`));
    const others = ['uasc', 'reviews', 'missing', 'oc2', 'oc3', 'previous_permanence'];
    expect(r['records']).toBe(others.reduce((n, t) => n + rows(t).length, 0));
    expect(await count('SELECT count(*) AS n FROM child')).toBe(r['children']);
    expect(await count('SELECT count(*) AS n FROM episode')).toBe(r['episodes']);
    expect(await count('SELECT count(*) AS n FROM ssda903_record')).toBe(r['records']);
    expect(await count('SELECT count(*) AS n FROM episode WHERE repair IS NOT NULL')).toBe(r['repairs']);
    // Statutory fields are never invented: every episode repaired for being left open still has a blank DEC.
    expect(
      await count(`SELECT count(*) AS n FROM episode WHERE repair LIKE 'open-in-earlier-return%' AND dec IS NOT NULL`),
    ).toBe(0);
    expect(r['snapshotAsAt']).toBe('2022-03-31');
    // Stitched in SQL (straight into the empty tables) exactly as the library stitches the same files in memory.
    expect(await storedEpisodes(council.db.url)).toEqual(await libraryEpisodes(files));

    // The monthly series: a snapshot at every month-end from 31 March 2017 (the stock the 2017-18 return starts
    // from) to 31 March 2022, one transitions event per month after the first, flows in twelve-month events.
    const events = await query<{ type: string; payload: Record<string, unknown> }>(
      `SELECT event_type AS type, envelope->'payload' AS payload FROM outbox ORDER BY seq`,
    );
    const of = (type: string) => events.filter((e) => e.type === type).map((e) => e.payload);
    const snapshots = of('council.need-snapshot.v1') as { asAt: string; total: number; cells: Cell[] }[];
    expect(snapshots).toHaveLength(61);
    expect(snapshots[0]!.asAt).toBe('2017-03-31');
    expect(snapshots.at(-1)).toMatchObject({ asAt: '2022-03-31', total: r['snapshotTotal'] });
    expect(of('council.need-flows.v1').map((f) => f['asAt'])).toEqual([
      '2022-03-31',
      '2021-03-31',
      '2020-03-31',
      '2019-03-31',
      '2018-03-31',
    ]);
    const transitions = of('council.need-transitions.v1') as {
      month: string;
      cells: { from: string; to: string; count: number }[];
    }[];
    expect(transitions).toHaveLength(60);
    // Every month's moves account exactly for the stock at both its ends.
    transitions.forEach((t, i) => {
      const stock = (s: { cells: Cell[] }, state: string) =>
        s.cells.find((c) => `${c.category}/${c.ageBand}` === state)?.count ?? 0;
      const states = new Set(t.cells.flatMap((c) => [c.from, c.to]));
      states.delete('out');
      for (const state of states) {
        const into = t.cells.filter((c) => c.to === state).reduce((n, c) => n + c.count, 0);
        const outOf = t.cells.filter((c) => c.from === state).reduce((n, c) => n + c.count, 0);
        expect([t.month, state, into]).toEqual([t.month, state, stock(snapshots[i + 1]!, state)]);
        expect([t.month, state, outOf]).toEqual([t.month, state, stock(snapshots[i]!, state)]);
      }
    });
    const sent = events.length;
    expect(sent).toBe(61 + 5 + 60);

    const again = await run(files);
    expect(again.data!.importSsda903['alreadyImported']).toBe(true);
    // Nothing changed, so nothing more is sent.
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(sent);
  });

  it("serves the council's own indicators to its users only, and audits the read", async () => {
    const query = `{ councilIndicators { asAt lookedAfter flows { month entries exits }
      threeOrMorePlacements { count of } samePlacementTwoYears { count of } under16Unregulated } }`;
    const result = await graphqlRequest<{
      councilIndicators: { asAt: string; lookedAfter: number; flows: unknown[]; threeOrMorePlacements: { of: number } };
    }>(council.graphqlUrl, query, { token: council.token });
    expect(result.errors).toBeUndefined();
    const ind = result.data!.councilIndicators;
    expect(ind.asAt).toBe('2022-03-31');
    const [batch] = await (async () => {
      const client = new pg.Client({ connectionString: council.db.url });
      await client.connect();
      try {
        return (await client.query('SELECT snapshot_total FROM import_batch ORDER BY imported_at LIMIT 1')).rows;
      } finally {
        await client.end();
      }
    })();
    expect(ind.lookedAfter).toBe(batch.snapshot_total);
    expect(ind.threeOrMorePlacements.of).toBe(ind.lookedAfter);
    expect(ind.flows).toHaveLength(12);
    // The sample returns carry only PL_POST: the out-of-area share cannot be computed, and the answer says why.
    const where = await graphqlRequest<{ councilIndicators: { outOfArea: unknown; outOfAreaUnavailable: string } }>(
      council.graphqlUrl,
      `{ councilIndicators { outOfArea { count of unknown } outOfAreaUnavailable } }`,
      { token: council.token },
    );
    expect(where.data!.councilIndicators.outOfArea).toBeNull();
    expect(where.data!.councilIndicators.outOfAreaUnavailable).toMatch(/no PL_LOCATION or PL_LA/);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE operation = 'indicators'`)).toBe(2);
    const hub = await testToken({ subject: 'hub', roles: ['hub.commissioner'] });
    const refused = await graphqlRequest(council.graphqlUrl, query, { token: hub });
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  describe('referrals', () => {
    const OPEN = `mutation($input: OpenReferralInput!) { openReferral(input: $input) { id status childId localities } }`;
    /** An emergency referral for a child with a sibling, preferring fostering, no need-specific registration. */
    const referral = (overrides: ReferralOverrides = {}) =>
      openReferralInput('62551', {
        kind: 'emergency',
        startBy: '2022-04-01',
        siblings: 1,
        localities: ['ST4 2', 'WS11 9'],
        suitability: { fostering: 'preferred', residential: 'suitable', supported: 'unsuitable' },
        ratio: '1:1',
        risksToChild: [{ risk: 'going-missing', level: 'high' }],
        support: ['school-transport'],
        needs: [],
        ...overrides,
      });
    let placements: string;
    const events = async (type: string) => {
      const client = new pg.Client({ connectionString: council.db.url });
      await client.connect();
      try {
        return (await client.query(`SELECT envelope FROM outbox WHERE event_type = $1 ORDER BY seq`, [type])).rows.map(
          (r) => r.envelope as { payload: Record<string, unknown> },
        );
      } finally {
        await client.end();
      }
    };

    beforeAll(async () => {
      placements = await testToken({ subject: 'placements-officer', roles: ['council.placements'], council: COUNCIL });
    });

    it('opens a referral and tells the region what is needed, never who', async () => {
      const opened = await graphqlRequest<{ openReferral: { id: string; status: string } }>(council.graphqlUrl, OPEN, {
        token: placements,
        variables: { input: referral() },
      });
      expect(opened.errors).toBeUndefined();
      expect(opened.data!.openReferral.status).toBe('open');
      const [event] = await events('council.referral-opened.v2');
      const payload = event!.payload;
      expect(Object.keys(payload).sort()).toEqual(
        [
          'ageBand',
          'closeToFamily',
          'councilCode',
          'kind',
          'localities',
          'mustStayAtSchool',
          'needs',
          'ratio',
          'referralId',
          'risksToChild',
          'risksToOthers',
          'sex',
          'siblings',
          'startBy',
          'suitability',
          'support',
        ].sort(),
      );
      expect(payload['referralId']).toBe(opened.data!.openReferral.id);
      expect(JSON.stringify(event)).not.toContain('62551');
      expect(payload['ageBand']).toBe('16-plus'); // born 18/03/2005, 17 on 1 April 2022
    });

    it('refuses a full postcode, an unknown child, and anyone but the placements role', async () => {
      const full = await graphqlRequest(council.graphqlUrl, OPEN, {
        token: placements,
        variables: { input: referral({ localities: ['ST4 2QX'] }) },
      });
      expect(full.errors?.[0]?.message).toMatch(/postcode sectors such as ST4 2, never full postcodes/);
      const unknown = await graphqlRequest(council.graphqlUrl, OPEN, {
        token: placements,
        variables: { input: referral({ childId: 'nobody' }) },
      });
      expect(unknown.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
      for (const who of [council.token, await testToken({ subject: 'p', roles: ['provider.user'], provider: 'x' })]) {
        const refused = await graphqlRequest(council.graphqlUrl, OPEN, {
          token: who,
          variables: { input: referral() },
        });
        expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      }
      expect(await events('council.referral-opened.v2')).toHaveLength(1);
    });

    it('closes one unmet with reasons, places another with its cost in pence, and neither twice', async () => {
      const [first] = await (async () => {
        const r = await graphqlRequest<{ councilReferrals: { id: string }[] }>(
          council.graphqlUrl,
          '{ councilReferrals(status: "open") { id } }',
          { token: placements },
        );
        return r.data!.councilReferrals;
      })();
      const CLOSE = `mutation($input: CloseUnmetInput!) { closeReferralUnmet(input: $input) { status closedReasons } }`;
      const closed = await graphqlRequest<{ closeReferralUnmet: { status: string; closedReasons: string[] } }>(
        council.graphqlUrl,
        CLOSE,
        {
          token: placements,
          variables: { input: { referralId: first!.id, reasons: ['no-capacity', 'too-far'] } },
        },
      );
      expect(closed.data!.closeReferralUnmet).toEqual({ status: 'unmet', closedReasons: ['no-capacity', 'too-far'] });
      const again = await graphqlRequest(council.graphqlUrl, CLOSE, {
        token: placements,
        variables: { input: { referralId: first!.id, reasons: ['x1'] } },
      });
      expect(again.errors?.[0]?.extensions?.['code']).toBe('REFERRAL_CLOSED');

      const second = await graphqlRequest<{ openReferral: { id: string } }>(council.graphqlUrl, OPEN, {
        token: placements,
        variables: { input: referral({ kind: 'planned', childId: '525420', startBy: '2021-11-29' }) },
      });
      const placed = await graphqlRequest<{
        recordPlacement: { status: string; placement: { weeklyCostPence: number; route: string } };
      }>(
        council.graphqlUrl,
        `mutation($input: RecordPlacementInput!) { recordPlacement(input: $input) { status placement { weeklyCostPence route settingUrn } } }`,
        {
          token: placements,
          variables: {
            input: {
              referralId: second.data!.openReferral.id,
              settingUrn: 'SC999999',
              weeklyCostPence: 525_000,
              route: 'spot',
              startDate: '2021-11-29',
            },
          },
        },
      );
      expect(placed.errors).toBeUndefined();
      expect(placed.data!.recordPlacement).toEqual({
        status: 'placed',
        placement: { weeklyCostPence: 525_000, route: 'spot', settingUrn: 'SC999999' },
      });
      // The placed referral preferred fostering, but child 525420's return shows a K2 children's home episode
      // starting 29 November 2021, the placement date: the indicator flags it.
      const client = new pg.Client({ connectionString: council.db.url });
      await client.connect();
      const residential = Number(
        (
          await client.query(
            `SELECT count(*) AS n FROM episode WHERE child_id = '525420' AND place IN ('K1', 'K2', 'R1', 'S1')
               AND abs(decom - date '2021-11-29') <= 7`,
          )
        ).rows[0].n,
      );
      await client.end();
      const indicators = await graphqlRequest<{
        councilIndicators: { residentialWhenFosteringPreferred: { count: number; of: number } };
      }>(council.graphqlUrl, '{ councilIndicators { residentialWhenFosteringPreferred { count of } } }', {
        token: placements,
      });
      expect(indicators.data!.councilIndicators.residentialWhenFosteringPreferred).toEqual({
        count: 1,
        of: 1,
      });
      expect(residential).toBe(1);
      const closes = (await events('council.referral-closed.v1')).map((e) => e.payload);
      expect(closes.map((p) => [p['outcome'], p['route'] ?? null, p['weeklyCostPence'] ?? null])).toEqual([
        ['unmet', null, null],
        ['placed', 'spot', 525_000],
      ]);
    });
  });

  it('computes the out-of-area share when the episodes carry PL_LOCATION and PL_LA, counted again in SQL', async () => {
    // The 2021-22 return again, with the validator's derived columns: PL_LOCATION on even lines, PL_LA (this
    // council or its neighbour) on lines divisible by 3, blank otherwise.
    const files = sampleFiles((f) => f === '2021-header.csv' || f === '2021-episodes.csv').map((f) => {
      if (f.name !== '2021-episodes.csv') return f;
      const [head, ...rows] = f.content.trim().split(/\r?\n/);
      const located = rows.map((r, i) => {
        const loc = i % 2 === 0 ? (i % 4 === 0 ? 'IN' : 'OUT') : '';
        const la = i % 3 === 0 ? (i % 6 === 0 ? COUNCIL : 'E06000021') : '';
        return `${r},${loc},${la}`;
      });
      return { ...f, content: [`${head},PL_LOCATION,PL_LA`, ...located].join('\n') };
    });
    const imported = await run(files);
    expect(imported.errors).toBeUndefined();
    const result = await graphqlRequest<{
      councilIndicators: { outOfArea: { count: number; of: number; unknown: number } };
    }>(council.graphqlUrl, `{ councilIndicators(asAt: "2022-03-31") { outOfArea { count of unknown } } }`, {
      token: council.token,
    });
    expect(result.errors).toBeUndefined();
    // The same count by SQL: each child's latest episode open at the end of 31 March 2022, short breaks excluded;
    // OUT from PL_LOCATION, else from PL_LA against this council's code.
    const [expected] = await query<{ count: number; of: number; unknown: number }>(`
      WITH current AS (
        SELECT DISTINCT ON (child_id) child_id, ls, pl_location, pl_la FROM episode
         WHERE decom <= '2022-03-31' AND (dec_effective IS NULL OR dec_effective > '2022-03-31')
         ORDER BY child_id, decom DESC),
      located AS (
        SELECT CASE WHEN pl_location IN ('IN', 'OUT') THEN pl_location
                    WHEN pl_la IS NOT NULL AND pl_la <> 'NA' THEN CASE WHEN pl_la = '${COUNCIL}' THEN 'IN' ELSE 'OUT' END
               END AS loc
          FROM current WHERE ls NOT IN ('V3', 'V4'))
      SELECT count(*) FILTER (WHERE loc = 'OUT')::int AS count, count(loc)::int AS of,
             count(*) FILTER (WHERE loc IS NULL)::int AS unknown FROM located`);
    expect(result.data!.councilIndicators.outOfArea).toEqual(expected);
    expect(expected!.count).toBeGreaterThan(0);
    expect(expected!.of).toBeGreaterThan(expected!.count);
    expect(expected!.unknown).toBeGreaterThan(0);
  });

  it('lets a later return supersede an earlier year, but not the reverse', async () => {
    const before = await count(
      `SELECT count(*) AS n FROM ssda903_record WHERE table_name = 'missing' AND collection_year = 2022`,
    );
    const missing = sampleFiles((f) => f.startsWith('2021-'));
    // Re-send the 2021-22 return with one missing-episode row fewer: that year's rows are replaced, others kept.
    const trimmed = missing.map((f) =>
      f.name === '2021-missing.csv' ? { ...f, content: f.content.trim().split(/\r?\n/).slice(0, -1).join('\n') } : f,
    );
    const result = await run(trimmed);
    expect(result.errors).toBeUndefined();
    expect(
      await count(`SELECT count(*) AS n FROM ssda903_record WHERE table_name = 'missing' AND collection_year = 2022`),
    ).toBe(before - 1);
    expect(
      await count(`SELECT count(*) AS n FROM ssda903_record WHERE table_name = 'missing' AND collection_year = 2021`),
    ).toBeGreaterThan(0);
    // Re-stitched in SQL over the stored history (an UPDATE of the rows that change): as the library stitches all.
    expect(await storedEpisodes(council.db.url)).toEqual(await libraryEpisodes(sampleFiles()));
  });
});
