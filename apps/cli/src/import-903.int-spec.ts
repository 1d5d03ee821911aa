import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { repoRoot } from '@rcc/platform';
import { useCouncil } from '@rcc/testing';
import { runCli } from './test/run-cli.js';

/** `rcc import-903` as a data team runs it, against a council instance on real PostgreSQL. */
describe('rcc import-903', () => {
  const root = repoRoot();
  const council = useCouncil('cli_import', {
    code: 'E06000021',
    name: 'Stoke-on-Trent',
    // This council has not agreed to share anything: imports work, nothing leaves.
    sharing: 'none',
  });
  const cli = (args: string[]) => runCli(['import-903', ...args], council.token);

  it('refuses a folder with a bad row, naming it, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcc-903-'));
    try {
      const sample = (f: string) => readFileSync(join(root, 'infra/demo/ssda903', f), 'utf8');
      const episodes = sample('2020-episodes.csv').split('\n');
      episodes[3] = episodes[3]!.replace(/^([^,]+),[^,]*,/, '$1,2020-13-45,');
      writeFileSync(join(dir, '2020-header.csv'), sample('2020-header.csv'));
      writeFileSync(join(dir, '2020-episodes.csv'), episodes.join('\n'));
      const run = cli(['--council', 'E06000021', '--url', council.graphqlUrl, dir]);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/rejected: Import rejected: 1 error/);
      expect(run.stdout).toMatch(/2020-episodes\.csv:4 {2}DECOM {2}"2020-13-45" {2}episodes\.decom\.date/);
      expect(run.stdout).toMatch(/Nothing was written/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('imports a folder of several years with progress and a summary', () => {
    const run = cli(['--council', 'E06000021', '--url', council.graphqlUrl, join(root, 'infra/demo/ssda903')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // The demo folder: header and episodes of the five sample returns 2017-2021.
    expect(run.stdout).toMatch(/reading {2}\[#+\] 100% 10\/10 files/);
    expect(run.stdout).toMatch(/Imported\.\n {2}years: {8}2017-18, 2018-19, 2019-20, 2020-21, 2021-22/);
    expect(run.stdout).toMatch(/not shared: this council's RCC_SHARING does not include need-snapshot/);
  });

  it('shares nothing a council has not agreed to share', async () => {
    const client = new pg.Client({ connectionString: council.db.url });
    await client.connect();
    try {
      expect((await client.query('SELECT count(*)::int AS n FROM child')).rows[0].n).toBeGreaterThan(0);
      expect((await client.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('explains its usage', () => {
    const run = cli(['--council', 'Staffs', 'somewhere']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/usage:\nrcc import-903 --council ONS_CODE/);
  });
});
