import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '@rcc/platform';
import {
  baseEnv,
  createTestDatabase,
  freePort,
  spawnService,
  sql,
  type SpawnedService,
  type TestDatabase,
} from '@rcc/testing';

/** `rcc import-providers` as the hub runs it, straight at a registry on real PostgreSQL (the registry's own endpoint). */
describe('rcc import-providers', () => {
  let db: TestDatabase;
  let registry: SpawnedService;
  const root = repoRoot();
  const cli = (args: string[]) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        join(root, 'infra/runtime/register.mjs'),
        join(root, 'dist/apps/cli/src/main.js'),
        'import-providers',
        '--url',
        registry.graphqlUrl,
        ...args,
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, RCC_ENV: 'test' }, timeout: 120_000 },
    );

  beforeAll(async () => {
    db = await createTestDatabase('cli_providers');
    registry = await spawnService('registry', {
      ...baseEnv(),
      KAFKA_TOPIC_PREFIX: `clip${randomUUID().slice(0, 8)}.`,
      PORT: String(await freePort()),
      DATABASE_URL: db.url,
    });
  });

  afterAll(async () => {
    await registry?.stop();
    await db?.drop();
  });

  it('refuses a list with a bad row, naming file, row, column and value, exits 1 and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcc-providers-'));
    try {
      const lines = readFileSync(join(root, 'infra/demo/providers/providers.csv'), 'utf8').split('\n');
      lines[7] = lines[7]!.replace(/,(Active|Suspended|Closed),/, ',Dormant,');
      const file = join(dir, 'bad-list.csv');
      writeFileSync(file, lines.join('\n'));
      const run = cli([file]);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('rejected rows: 1');
      expect(run.stdout).toMatch(/bad-list\.csv:8 {2}Registration status {2}"Dormant" {2}unknown registration status/);
      expect(run.stdout).toContain('Nothing was written.');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('imports the xlsx list with a summary, and a second run finds everything unchanged', async () => {
    expect(await sql(db.url, 'SELECT 1 FROM setting')).toEqual([]);
    const file = join(root, 'infra/demo/providers/providers.xlsx');
    const first = cli([file]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const [{ n }] = (await sql<{ n: string }>(db.url, 'SELECT count(*) AS n FROM setting')) as [{ n: string }];
    const [{ c }] = (await sql<{ c: string }>(
      db.url,
      `SELECT count(*) AS c FROM setting WHERE registration_status = 'closed'`,
    )) as [{ c: string }];
    expect(first.stdout).toContain(`${n} settings read`);
    expect(first.stdout).toMatch(new RegExp(`new: +${Number(n) - Number(c)}\\n`));
    expect(first.stdout).toMatch(new RegExp(`closed: +${c}\\n`));
    expect(first.stdout).toMatch(/rejected: +0\n/);
    expect(first.stdout).toMatch(/out of scope: +3 /);
    const second = cli([file]);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`unchanged: +${n}\\n`));
    expect(second.stdout).toMatch(/new: +0\n/);
  });
});
