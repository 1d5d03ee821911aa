import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '@rcc/platform';
import { sql, testToken, useService } from '@rcc/testing';
import { runCli } from './test/run-cli.js';

/** `rcc import-providers` as the hub runs it, straight at a registry on real PostgreSQL (the registry's own endpoint). */
describe('rcc import-providers', () => {
  const root = repoRoot();
  const registry = useService('registry', 'cli_providers', {
    // The member councils, whose topics (each council's own, ADR 35) the registry reads.
    env: { RCC_REGION_COUNCILS: 'E10000028,E06000021' },
  });
  let token: string;
  beforeAll(async () => {
    token = await testToken({ subject: 'hub', roles: ['hub.commissioner'] });
  });
  const cli = (args: string[]) => runCli(['import-providers', '--url', registry.graphqlUrl, ...args], token);

  it('--strict refuses a list with a bad row, naming file, row, column and value, exits 1 and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcc-providers-'));
    try {
      const lines = readFileSync(join(root, 'infra/demo/providers/providers.csv'), 'utf8').split('\n');
      lines[7] = lines[7]!.replace(/,(Active|Suspended|Closed),/, ',Dormant,');
      const file = join(dir, 'bad-list.csv');
      writeFileSync(file, lines.join('\n'));
      const run = cli(['--strict', file]);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('rejected rows: 1');
      expect(run.stdout).toMatch(/bad-list\.csv:8 {2}Registration status {2}"Dormant" {2}unknown registration status/);
      expect(run.stdout).toContain('Nothing was written.');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('imports the xlsx list with a summary, and a second run finds everything unchanged', async () => {
    expect(await sql(registry.db.url, 'SELECT 1 FROM setting')).toEqual([]);
    const file = join(root, 'infra/demo/providers/providers.xlsx');
    const first = cli([file]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const [{ n }] = (await sql<{ n: string }>(registry.db.url, 'SELECT count(*) AS n FROM setting')) as [{ n: string }];
    const [{ c }] = (await sql<{ c: string }>(
      registry.db.url,
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

  it('a 3,000-row monthly list with odd rows: --strict refuses it whole; by default the right rows go in and each odd one is listed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcc-providers-'));
    try {
      const header =
        'Local Authority,URN,Provider Type,Provider Subtype,Sector,Setting Name,Postcode,Registration Date,Provider Status,Closed Date,Max Users,Overall Effectiveness,Owner Name,Emotional and Behavioural Difficulties,Learning Difficulty';
      const rows = Array.from(
        { length: 3000 },
        (_, i) =>
          `Staffordshire,SC${700000 + i},Children's Home,,Private,Home ${i},ST16 1AA,01/02/2015,Active,-,4,Good,Monthly Owner ${i % 50} Ltd,Y,-`,
      );
      // The values real lists carry: a grade text, dashes (both fine), and three rows a reader must refuse.
      rows[10] = rows[10]!.replace(',Good,', ',Not provided as service is inspected as part of the ILACS inspection,');
      rows[42] = rows[42]!.replace(',Good,', ',Excellent,');
      rows[1500] = rows[1500]!.replace(',01/02/2015,', ',31/02/2015,');
      rows[2999] = rows[2999]!.replace(',Private,', ',Martian,');
      const file = join(dir, 'monthly-list.csv');
      writeFileSync(file, [header, ...rows].join('\n'));
      const monthly = async () =>
        Number(
          (
            (await sql<{ n: string }>(registry.db.url, `SELECT count(*) AS n FROM setting WHERE urn LIKE 'SC7%'`)) as [
              { n: string },
            ]
          )[0].n,
        );

      const strict = cli(['--strict', file]);
      expect(strict.status).toBe(1);
      expect(strict.stdout).toContain('rejected rows: 3');
      expect(strict.stdout).toContain('Nothing was written.');
      expect(await monthly()).toBe(0);

      const lenient = cli([file]);
      expect(lenient.stderr).toBe('');
      expect(lenient.status).toBe(2);
      expect(lenient.stdout).toMatch(/2997 settings read/);
      expect(lenient.stdout).toMatch(/new: +2997\n/);
      expect(lenient.stdout).toMatch(/rejected: +3\n/);
      expect(lenient.stdout).toMatch(
        /monthly-list\.csv:44 {2}Overall Effectiveness {2}"Excellent" {2}not an Ofsted grade/,
      );
      expect(lenient.stdout).toMatch(/monthly-list\.csv:1502 {2}Registration Date {2}"31\/02\/2015" {2}not a date/);
      expect(lenient.stdout).toMatch(/monthly-list\.csv:3001 {2}Sector {2}"Martian" {2}sector must be/);
      expect(await monthly()).toBe(2997);
      const [ilacs] = (await sql<{
        ofsted_grade: string | null;
        ofsted_grade_note: string;
        closed_date: string | null;
      }>(
        registry.db.url,
        `SELECT ofsted_grade, ofsted_grade_note, closed_date FROM setting WHERE urn = 'SC700010'`,
      )) as [{ ofsted_grade: string | null; ofsted_grade_note: string; closed_date: string | null }];
      expect(ilacs).toEqual({
        ofsted_grade: null,
        ofsted_grade_note: 'Not provided as service is inspected as part of the ILACS inspection',
        closed_date: null,
      });
      expect(
        await sql(registry.db.url, `SELECT urn FROM setting WHERE urn IN ('SC700042', 'SC701500', 'SC702999')`),
      ).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
