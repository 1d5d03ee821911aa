import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import {
  baseEnv,
  createTestDatabase,
  freePort,
  spawnService,
  sql,
  waitFor,
  type SpawnedService,
  type TestDatabase,
  testToken,
} from '@rcc/testing';

/**
 * The import under abuse, on real PostgreSQL: fuzzed and malformed files are refused with errors and write nothing,
 * and a council process killed with SIGKILL in the middle of a large import leaves nothing half-written; the rerun
 * then succeeds.
 */
const SAMPLES = join(repoRoot(), 'libs/testing/fixtures/ssda903/sample-council-2017-2021');
const COUNCIL = 'E10000028';
// Large enough that the one-pass import is still staging rows when the test sees it writing and kills it.
const COPIES = 40;

/** The pid of the service process using this database (its environment names it): for kill -9. */
function pidOf(databaseUrl: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (env.includes(`DATABASE_URL=${databaseUrl}`)) return Number(entry);
    } catch {
      // A process that has gone, or is not ours.
    }
  }
  throw new Error(`no process uses ${databaseUrl}`);
}

describe('the SSDA903 import under fuzzing and kill -9', () => {
  let db: TestDatabase;
  let council: SpawnedService;
  let token: string;
  const dir = join(tmpdir(), `rcc-kill-${randomUUID().slice(0, 8)}`);
  const env = async () => ({
    ...baseEnv(),
    KAFKA_TOPIC_PREFIX: `k${randomUUID().slice(0, 8)}.`,
    PORT: String(await freePort()),
    DATABASE_URL: db.url,
    COUNCIL_CODE: COUNCIL,
    COUNCIL_NAME: 'Staffordshire',
    RCC_SHARING: 'need-snapshot',
  });
  const held = async () => {
    const [row] = await sql<Record<string, number>>(
      db.url,
      `SELECT (SELECT count(*) FROM child)::int AS child, (SELECT count(*) FROM episode)::int AS episode,
              (SELECT count(*) FROM ssda903_record)::int AS record, (SELECT count(*) FROM import_batch)::int AS batch,
              (SELECT count(*) FROM outbox)::int AS outbox`,
    );
    return row!;
  };
  const nothing = { child: 0, episode: 0, record: 0, batch: 0, outbox: 0 };
  /** Uploads the folder as `rcc import-903` does, then starts the import; resolves with the HTTP response. */
  const upload = async (service: SpawnedService) => {
    const auth = { authorization: `Bearer ${token}` };
    const id = randomUUID();
    for (const [i, f] of readdirSync(dir).sort().entries()) {
      const res = await fetch(`${service.url}/ssda903/uploads/${id}/${i}?name=${f}`, {
        method: 'PUT',
        headers: auth,
        body: readFileSync(join(dir, f)),
      });
      expect(res.status).toBe(200);
    }
    return () =>
      fetch(`${service.url}/ssda903/uploads/${id}/import`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: '{}',
      });
  };

  beforeAll(async () => {
    db = await createTestDatabase('council_import_kill');
    council = await spawnService('council', await env());
    token = await testToken({ subject: 'analyst', roles: ['council.analyst'], council: COUNCIL });
    // The five sample years with every child copied under new ids: synthetic, large enough to take seconds.
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(SAMPLES).filter((n) => n.endsWith('.csv'))) {
      const [head, ...rows] = readFileSync(join(SAMPLES, f), 'utf8').trim().split(/\r?\n/);
      const out = [head];
      for (let i = 0; i < COPIES; i++) for (const r of rows) out.push(`${i}k${r}`);
      writeFileSync(join(dir, f), out.join('\n'));
    }
  });

  afterAll(async () => {
    await council?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses fuzzed files with errors, never a crash, and writes nothing', async () => {
    const header = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB';
    const episodes = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
    const good = readFileSync(join(SAMPLES, '2020-episodes.csv'), 'utf8');
    const cell = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('', '01/01/2020', '"', '\\', '\t', 'U4'));
    const file = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
      fc
        .array(fc.array(cell, { minLength: 7, maxLength: 7 }), { minLength: 1, maxLength: 4 })
        .map((rows) => [header, ...rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(','))].join('\n')),
      // A real file cut at a random byte, or with a random byte changed.
      fc.integer({ min: 1, max: good.length - 1 }).map((n) => good.slice(0, n) + '"'),
      fc
        .tuple(fc.integer({ min: 0, max: good.length - 1 }), fc.constantFrom('"', ',', '\n', 'Z', '/'))
        .map(([at, c]) => `${good.slice(0, at)}${c}${good.slice(at + 1)}`),
      fc.constant(`${episodes}\nA,01/01/2020,S,C2,N1,U4,PR1,,,,,,\nA,01/01/2020,S,C2,N1,U4,PR1,,,,,,`),
    );
    await fc.assert(
      fc.asyncProperty(file, file, async (a, b) => {
        const result = await graphqlRequest<unknown>(
          council.graphqlUrl,
          `mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { batchId } }`,
          {
            token,
            variables: {
              input: {
                files: [
                  { name: '2020-header.csv', content: a },
                  { name: '2020-episodes.csv', content: b },
                ],
              },
            },
          },
        );
        const code = result.errors?.[0]?.extensions?.['code'];
        // A fuzzed pair that happens to be a valid return would be imported: none of these is (no header table,
        // or rows broken), so every one must be refused, as a rejection with errors and never an internal error.
        expect([code, result.errors?.[0]?.message.slice(0, 200)]).toEqual(['IMPORT_REJECTED', expect.any(String)]);
        expect(await held()).toEqual(nothing);
      }),
      { numRuns: 25, seed: 903 },
    );
  });

  it('refuses a return whose rows contradict each other (checked in SQL while writing), rolling everything back', async () => {
    const f = (name: string) => readFileSync(join(SAMPLES, name), 'utf8');
    const header = f('2020-header.csv').trim().split('\n');
    const files = [
      { name: '2020-header.csv', content: [...header, header[1]!].join('\n') }, // a child twice
      { name: '2020-episodes.csv', content: f('2020-episodes.csv') },
      { name: '2020-reviews.csv', content: f('2020-reviews.csv') },
    ];
    const result = await graphqlRequest<unknown>(
      council.graphqlUrl,
      `mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { batchId } }`,
      { token, variables: { input: { files } } },
    );
    const ext = result.errors?.[0]?.extensions as {
      code: string;
      details: { errors: { row: number; rule: string }[] };
    };
    expect(ext.code).toBe('IMPORT_REJECTED');
    expect(ext.details.errors.map((e) => `${e.row}:${e.rule}`)).toEqual([
      `${header.length + 1}:header.child.duplicate`,
    ]);
    expect(await held()).toEqual(nothing);
  });

  it('leaves nothing half-written when the council process is killed mid-import, and the rerun succeeds', async () => {
    const start = await upload(council);
    // The council answers as it goes (a line of progress at a time): the answer breaks off when it dies.
    const importing = start()
      .then((res) => res.text())
      .catch((error: Error) => error);
    // Wait until the write pass is under way inside the import's transaction, then kill -9 the service.
    await waitFor(
      async () =>
        (
          await sql<{ n: number }>(
            db.url,
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
                AND query ILIKE '%stage_%'`,
          )
        )[0]!.n > 0,
      'the import to be writing',
      120_000,
      25,
    );
    process.kill(pidOf(db.url), 'SIGKILL');
    // The answer broke off (fetch's TypeError "terminated", from another realm than Jest's Error): no result came.
    const outcome = await importing;
    expect(typeof outcome).toBe('object');
    expect((outcome as Error).message).toMatch(/terminated|fetch failed|socket/i);
    // PostgreSQL rolls the transaction back when the connection dies.
    await waitFor(
      async () =>
        (
          await sql<{ n: number }>(
            db.url,
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
          )
        )[0]!.n === 0,
      'the killed service connections to close',
      30_000,
    );
    expect(await held()).toEqual(nothing);

    council = await spawnService('council', await env());
    const rerun = await (await upload(council))();
    expect(rerun.status).toBe(200);
    const lines = (await rerun.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { result?: { episodes: number; snapshotTotal: number; alreadyImported: boolean } });
    const body = lines.at(-1)!.result!;
    expect(body.alreadyImported).toBe(false);
    // Each copy is the sample council again: 2,827 distinct episodes and 55 children looked after on 31 March 2022.
    expect(body.episodes).toBe(2827 * COPIES);
    expect(body.snapshotTotal).toBe(55 * COPIES);
    expect(await held()).toMatchObject({ episode: 2827 * COPIES, batch: 1, outbox: 61 + 5 + 60 });
  }, 300_000);
});
