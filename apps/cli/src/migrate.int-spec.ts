import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '@rcc/platform';
import { baseEnv, createTestDatabase, freePort, spawnService, sql, type TestDatabase } from '@rcc/testing';

/**
 * Migrations as a deployment step (docs/adr/0038): a service set to verify refuses an unmigrated database, two
 * `rcc migrate` processes started together both succeed with one applying, and the service then starts.
 */
describe('rcc migrate and the schema check at service start', () => {
  let db: TestDatabase;
  const root = repoRoot();
  let env: Record<string, string>;

  /** Runs a compiled entry point to its exit (a service that starts never exits: the test then fails on time). */
  const run = (entry: string, args: string[], extra: Record<string, string> = {}) =>
    new Promise<{ status: number | null; output: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', join(root, 'infra/runtime/register.mjs'), join(root, 'dist/apps', entry), ...args],
        { cwd: root, env: { PATH: process.env['PATH'] ?? '', ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.once('exit', (status) => resolve({ status, output }));
    });

  beforeAll(async () => {
    db = await createTestDatabase('cli_migrate');
    env = {
      ...baseEnv(),
      RCC_BUS: 'in-process',
      RCC_MIGRATIONS: 'verify',
      RCC_REGION_COUNCILS: 'E10000028,E06000021',
      PORT: String(await freePort()),
      DATABASE_URL: db.url,
    };
  });
  afterAll(async () => {
    await db?.drop();
  });

  const migrate = (extra: Record<string, string> = {}) =>
    run('cli/src/main.js', ['migrate', '--app', 'commissioning'], extra);

  it('a service that verifies refuses to start on an unmigrated database, and names the step to run', async () => {
    const service = await run('commissioning/src/main.js', []);
    expect(service.status).toBe(1);
    expect(service.output).toMatch(/commissioning: refusing to start, the database lacks \d+ migration\(s\)/);
    expect(service.output).toContain('npm run rcc -- migrate');
    // It wrote nothing: not even the migrations table.
    expect(await sql(db.url, `SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'`)).toEqual([]);
  }, 120_000);

  it('two migrate runs started together both succeed, one applying; the service then starts', async () => {
    const runs = await Promise.all([migrate(), migrate()]);
    for (const run of runs) expect(run).toMatchObject({ status: 0 });
    const applied = runs.filter((r) => /commissioning: applied \d+ migration\(s\)/.test(r.output));
    const upToDate = runs.filter((r) => /commissioning: up to date \(\d+ migrations\)/.test(r.output));
    expect([applied.length, upToDate.length]).toEqual([1, 1]);
    const rows = await sql<{ name: string }>(db.url, 'SELECT name FROM migrations ORDER BY id');
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
    expect(rows.map((r) => r.name)).toContain('MessagingTables1763769600000');

    const service = await spawnService('commissioning', env);
    try {
      expect((await fetch(`${service.url}/health`)).status).toBe(200);
    } finally {
      await service.stop();
    }
  }, 180_000);

  it('refuses an unknown app and a bad environment, exiting 1', async () => {
    const gateway = await run('cli/src/main.js', ['migrate', '--app', 'gateway']);
    expect(gateway.status).toBe(1);
    expect(gateway.output).toMatch(/must be one of council, registry, commissioning, analytics/);
    const bad = await migrate({ RCC_REGION_COUNCILS: 'nowhere' });
    expect(bad.status).toBe(1);
    expect(bad.output).toContain('commissioning: refusing to start, invalid configuration');
    expect(bad.output).toContain('RCC_REGION_COUNCILS');
  }, 60_000);
});
