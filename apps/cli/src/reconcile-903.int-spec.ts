import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '@rcc/platform';
import { useCouncil } from '@rcc/testing';
import { runCli } from './test/run-cli.js';

/**
 * `rcc reconcile-903` as a data team runs it: the hand-made three-year return (libs/ssda903/fixtures/three-years,
 * whose README says who is looked after when) imported with `rcc import-903` into a council on real PostgreSQL,
 * then printed in the DfE's local-authority table layout with the counts known from the files.
 */
describe('rcc reconcile-903', () => {
  const root = repoRoot();
  const CODE = 'E06000021';
  const council = useCouncil('cli_reconcile', { code: CODE, name: 'Stoke-on-Trent', sharing: 'none' });
  const cli = (args: string[]) => runCli(args, council.token);
  const reconcile = (year?: string) =>
    cli(['reconcile-903', '--council', CODE, '--url', council.graphqlUrl, ...(year ? ['--year', year] : [])]);
  /** The count printed on the row with this label in the table whose title contains `table`. */
  const row = (stdout: string, table: string, label: string): number => {
    const section = stdout.split('\n\n').find((s) => s.split('\n')[0]!.includes(table))!;
    const line = section.split('\n').find((l) => l.trimStart().startsWith(`${label}  `))!;
    return Number(/\s(\d+)(\s|$)/.exec(line.slice(label.length + 2))![1]);
  };

  beforeAll(async () => {
    const imported = cli([
      'import-903',
      '--council',
      CODE,
      '--url',
      council.graphqlUrl,
      join(root, 'libs/ssda903/fixtures/three-years'),
    ]);
    expect(imported.stdout).toMatch(/Imported\.\n {2}years: {8}2018-19, 2019-20, 2020-21/);
  });

  it('prints 31 March 2020 by placement, age, legal status, gender and ethnicity, and the year flows', () => {
    const run = reconcile('2020');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/^E06000021: children looked after, DfE local-authority table layout, year ending 2020-03-31/);
    // A, C, E, G: B left after 31 March 2019 (absent from 2019-20), F has short breaks only.
    for (const t of ['by placement', 'by age', 'by legal status', 'by gender', 'by ethnicity'])
      expect([t, row(out, t, 'Total')]).toEqual([t, 4]);
    expect(row(out, 'by placement', 'Foster placements: with other foster carer')).toBe(2);
    expect(row(out, 'by placement', "Secure units, children's homes and semi-independent living")).toBe(2);
    expect(row(out, 'by placement', 'Placed for adoption')).toBe(0);
    expect(row(out, 'by age', '16 years and over')).toBe(1);
    expect(row(out, 'by legal status', 'Voluntary agreements under section 20')).toBe(2);
    expect(row(out, 'by gender', 'Female')).toBe(2);
    expect(row(out, 'by ethnicity', 'Asian or Asian British')).toBe(1);
    expect(row(out, 'started and ceased', 'Started to be looked after')).toBe(3);
    expect(row(out, 'started and ceased', 'Ceased to be looked after')).toBe(0);
  });

  it('counts every child on the right 31 March of each year (default: the latest return)', () => {
    expect(row(reconcile('2019').stdout, 'by placement', 'Total')).toBe(3); // A, B, H
    const latest = reconcile();
    expect(latest.stdout).toMatch(/year ending 2021-03-31/);
    // A and H: D was adopted, E went home, G is 18.
    expect(row(latest.stdout, 'by placement', 'Total')).toBe(2);
    expect(row(latest.stdout, 'started and ceased', 'Ceased to be looked after')).toBe(2);
  });

  it('refuses a year past the latest return, and one before the earliest, saying why', () => {
    const past = reconcile('2022');
    expect(past.status).toBe(1);
    expect(past.stdout).toMatch(/2022-03-31 is after the latest return held \(2020-21, which ends on 2021-03-31\)/);
    const before = reconcile('2017');
    expect(before.status).toBe(1);
    expect(before.stdout).toMatch(/2017 is before the earliest return held \(2018-19\)/);
  });
});
