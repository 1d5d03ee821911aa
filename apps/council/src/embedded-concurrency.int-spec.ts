import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import { baseEnv, freePort, spawnService, type SpawnedService, testToken } from '@rcc/testing';

/**
 * Embedded mode under concurrency (ADR 36): two council instances, each on its own PGlite database behind a socket
 * exactly as `npm start` serves it (one connection; the service keeps DATABASE_POOL_SIZE=1), take many concurrent
 * indicator and child-list queries while each imports its returns, and the same import fired in parallel. Every
 * request gets its answer: none fails with a protocol error ("unnamed prepared statement does not exist"), none hangs,
 * and the parallel imports write once.
 */
const SAMPLES = join(repoRoot(), 'libs/testing/fixtures/ssda903/sample-council-2017-2021');
const COUNCILS = [
  { code: 'E10000028', name: 'Staffordshire', years: ['2020', '2021'] },
  { code: 'E06000021', name: 'Stoke-on-Trent', years: ['2021'] },
] as const;

const files = (years: readonly string[]) =>
  readdirSync(SAMPLES)
    .filter((f) => years.some((y) => f === `${y}-header.csv` || f === `${y}-episodes.csv`))
    .sort()
    .map((f) => ({ name: f, content: readFileSync(join(SAMPLES, f), 'utf8') }));

const IMPORT = `mutation($input: ImportSsda903Input!) {
  importSsda903(input: $input) { alreadyImported children snapshotAsAt snapshotTotal } }`;
const READS = [
  `{ councilIndicators { councilCode asAt lookedAfter flows { month entries exits } } }`,
  `{ councilChildren(limit: 20) { total items { childId } } }`,
  `{ sharingAgreement { dataset shared } }`,
];

type ImportResult = { alreadyImported: boolean; children: number; snapshotAsAt: string; snapshotTotal: number };

describe('embedded (PGlite) council instances under concurrent requests', () => {
  const databases: { db: PGlite; server: PGLiteSocketServer }[] = [];
  const services: Record<string, SpawnedService> = {};
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    for (const council of COUNCILS) {
      const db = await PGlite.create();
      const port = await freePort();
      // As apps/cli/src/commands/start.ts serves an embedded database.
      const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 1 });
      await server.start();
      databases.push({ db, server });
      services[council.code] = await spawnService(
        'council',
        {
          ...baseEnv(),
          RCC_BUS: 'in-process',
          PORT: String(await freePort()),
          DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
          DATABASE_POOL_SIZE: '1',
          COUNCIL_CODE: council.code,
          COUNCIL_NAME: council.name,
          RCC_SHARING: 'need-snapshot,referrals,placements',
        },
        `council-${council.code}`,
      );
      tokens[council.code] = await testToken({
        subject: `analyst-${council.code}`,
        roles: ['council.analyst'],
        council: council.code,
      });
    }
  });

  afterAll(async () => {
    await Promise.all(Object.values(services).map((s) => s.stop()));
    for (const { db, server } of databases) {
      await server.stop();
      await db.close();
    }
  });

  const call = <T>(code: string, query: string, variables?: Record<string, unknown>) =>
    graphqlRequest<T>(services[code]!.graphqlUrl, query, { token: tokens[code], variables });

  /** The errors of these results, with the service log lines that name each error's reference. */
  const errorsOf = (results: { errors?: unknown }[]) => {
    const errors = results.filter((r) => r.errors).map((r) => JSON.stringify(r.errors));
    const log = Object.values(services)
      .map((s) => s.logs())
      .join('\n');
    return errors.map((e) => {
      const ref = /ref ([0-9a-f-]{36})/.exec(e)?.[1];
      return ref
        ? `${e}\n${log
            .split('\n')
            .filter((l) => l.includes(ref))
            .join('\n')}`
        : e;
    });
  };

  it('answers every concurrent query on both councils while both import, with no protocol error', async () => {
    // Each council first holds one return, so every read has figures to answer with while the next import runs.
    for (const c of COUNCILS) {
      const first = await call(c.code, IMPORT, { input: { files: files(['2019']) } });
      expect(errorsOf([first])).toEqual([]);
    }
    const reads = COUNCILS.flatMap((c) => Array.from({ length: 30 }, (_, i) => call(c.code, READS[i % READS.length]!)));
    const imports = COUNCILS.map((c) =>
      call<{ importSsda903: ImportResult }>(c.code, IMPORT, { input: { files: files(c.years) } }),
    );
    const results = await Promise.all([...imports, ...reads]);
    expect(errorsOf(results)).toEqual([]);
    for (const [i, c] of COUNCILS.entries()) {
      const r = results[i]!.data as { importSsda903: ImportResult };
      expect(r.importSsda903.alreadyImported).toBe(false);
      expect(r.importSsda903.children).toBeGreaterThan(100);
      // After the import, the council's own figures are the imported ones.
      const after = await call<{ councilIndicators: { lookedAfter: number; asAt: string } }>(
        c.code,
        `{ councilIndicators(asAt: "${r.importSsda903.snapshotAsAt}") { lookedAfter asAt } }`,
      );
      expect(after.errors).toBeUndefined();
      expect(after.data!.councilIndicators.lookedAfter).toBe(r.importSsda903.snapshotTotal);
    }
    // Every service is still healthy and answering.
    for (const c of COUNCILS) expect((await call(c.code, READS[2]!)).errors).toBeUndefined();
  });

  it('writes a new return once when the same import is fired in parallel; the others see it already imported', async () => {
    const code = COUNCILS[1].code;
    const input = { files: files(['2020', '2021']) };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => call<{ importSsda903: ImportResult }>(code, IMPORT, { input })),
    );
    expect(errorsOf(results)).toEqual([]);
    const outcomes = results.map((r) => r.data!.importSsda903);
    expect(outcomes.filter((o) => !o.alreadyImported)).toHaveLength(1);
    // Every caller gets the same figures.
    expect(new Set(outcomes.map((o) => `${o.children}/${o.snapshotAsAt}/${o.snapshotTotal}`)).size).toBe(1);
  });
});
