import { parseArgs } from 'node:util';
import { COUNCIL_CODE_PATTERN } from '@rcc/contracts';
import { graphqlRequest } from '@rcc/platform';
import { formatDfeTables, type DfeTables } from '@rcc/ssda903';
import { cliToken } from './dev-keys.js';

export const RECONCILE_903_USAGE = `rcc reconcile-903 --council ONS_CODE [--year YYYY] [--url COUNCIL_URL]
  Prints the council's children looked after figures for one collection year (the year of its 31 March: 2022 is the
  2021-22 return; default the latest held) in the layout of the DfE's published local-authority tables: at 31 March by
  placement, age, legal status, gender and ethnicity; started and ceased during the year. Counting rules:
  libs/ssda903/README.md. Token: RCC_TOKEN, else a development council.analyst token.`;

const QUERY = `query($year: Int) { dfeTables(year: $year) {
  councilCode year asAt tables { title total rows { label codes count } }
} }`;

/** For council data teams: their own figures beside what the DfE published for them. */
export async function reconcile903Command(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  if (argv.includes('--help')) {
    out.write(`${RECONCILE_903_USAGE}\n`);
    return 0;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      council: { type: 'string' },
      year: { type: 'string' },
      url: { type: 'string', default: process.env['RCC_COUNCIL_URL'] ?? 'http://localhost:4101' },
    },
  });
  const council = values.council;
  if (!council || !COUNCIL_CODE_PATTERN.test(council)) throw new Error(`usage:\n${RECONCILE_903_USAGE}`);
  if (values.year !== undefined && !/^\d{4}$/.test(values.year))
    throw new Error(`--year must be a year such as 2022 (the year of the return's 31 March)\n${RECONCILE_903_USAGE}`);
  const token = await cliToken({ roles: ['council.analyst'], council }, 'data-team');
  const url = `${values.url!.replace(/\/graphql\/?$/, '').replace(/\/$/, '')}/graphql`;
  const result = await graphqlRequest<{ dfeTables: DfeTables & { councilCode: string } }>(url, QUERY, {
    token,
    variables: { year: values.year === undefined ? null : Number(values.year) },
  });
  if (result.errors?.length || !result.data) {
    out.write(`rcc reconcile-903: ${result.errors?.map((e) => e.message).join('; ') ?? `HTTP ${result.status}`}\n`);
    return 1;
  }
  out.write(formatDfeTables(result.data.dfeTables, result.data.dfeTables.councilCode));
  return 0;
}
