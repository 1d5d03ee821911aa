import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Principal } from '@rcc/auth';
import { graphqlRequest } from '@rcc/platform';
import { simulateRegion, type SimulatedCouncil, type SimulatedRegion } from '@rcc/simulator';
import { devToken } from './dev-keys.js';
import { simulateReal } from './simulate-real.js';

/** Signs the analyst's token: the local development issuer by default (npm start); a test region passes its own. */
export type TokenFor = (principal: Principal) => Promise<string>;

export const SIMULATE_USAGE = `rcc simulate [--seed N] [--councils N] [--years N] [--last-year YYYY] (--out DIR | --gateway URL | --real)
  Makes a synthetic cooperative (libs/simulator, deterministic from the seed; default 5 councils, 5 annual returns
  to 31 March 2026) and either writes each council's SSDA903 returns under DIR/<ONS code>/ (for import-903), or
  imports them through a running region's gateway (URL, e.g. http://localhost:4000/graphql), each as that council's
  analyst. The children are synthetic; the rates they are drawn from are the DfE's (libs/simulator/src/rates.ts).`;

interface ImportedCouncil {
  code: string;
  name: string;
  alreadyImported: boolean;
  children: number;
  snapshotAsAt: string;
  snapshotTotal: number;
  seconds: number;
}

const IMPORT = `mutation($input: ImportSsda903Input!) {
  importSsda903(input: $input) { alreadyImported children snapshotAsAt snapshotTotal } }`;

/** One council's returns into its own instance through the gateway, as its analyst would. */
export async function importCouncil(
  gatewayUrl: string,
  council: SimulatedCouncil,
  tokenFor: TokenFor = devToken,
): Promise<ImportedCouncil> {
  const token = await tokenFor({
    subject: `simulated-analyst-${council.code}`,
    roles: ['council.analyst'],
    council: council.code,
  });
  const started = Date.now();
  const result = await graphqlRequest<{ importSsda903: Omit<ImportedCouncil, 'code' | 'name' | 'seconds'> }>(
    gatewayUrl,
    IMPORT,
    { token, variables: { input: { files: council.files } } },
  );
  if (!result.data)
    throw new Error(`importing ${council.name} (${council.code}) failed: ${JSON.stringify(result.errors)}`);
  return {
    code: council.code,
    name: council.name,
    ...result.data.importSsda903,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * Every council's returns through the gateway (each import is one transaction in its own council's database): one
 * council at a time, or all at once with `parallel` (each council has its own instance and database).
 */
export async function importRegion(
  gatewayUrl: string,
  region: SimulatedRegion,
  log: (line: string) => void = () => undefined,
  tokenFor: TokenFor = devToken,
  parallel = false,
): Promise<ImportedCouncil[]> {
  const one = async (council: SimulatedCouncil) => {
    const r = await importCouncil(gatewayUrl, council, tokenFor);
    log(
      `  ${r.name} (${r.code}): ${r.alreadyImported ? 'already imported' : 'imported'} ${r.children} children in ${r.seconds.toFixed(1)} s; ${r.snapshotTotal} looked after on ${r.snapshotAsAt} shared as counts`,
    );
    return r;
  };
  if (parallel) return Promise.all(region.councils.map(one));
  const done: ImportedCouncil[] = [];
  for (const council of region.councils) done.push(await one(council));
  return done;
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, not "${value}"\n\n${SIMULATE_USAGE}`);
  return Number(value);
}

export async function simulateCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string' },
      councils: { type: 'string' },
      years: { type: 'string' },
      'last-year': { type: 'string' },
      out: { type: 'string' },
      gateway: { type: 'string' },
      real: { type: 'boolean' },
    },
  });
  if (values.real)
    return simulateReal({
      councils: integer(values.councils, 'councils', 15),
      years: integer(values.years, 'years', 5),
    });
  if (!values.out === !values.gateway) throw new Error(`give one of --out DIR or --gateway URL\n\n${SIMULATE_USAGE}`);
  const started = Date.now();
  const region = simulateRegion({
    seed: integer(values.seed, 'seed', 2026),
    councils: integer(values.councils, 'councils', 5),
    years: integer(values.years, 'years', 5),
    lastYear: integer(values['last-year'], 'last-year', 2026),
  });
  console.log(
    `Simulated ${region.councils.length} councils, returns ${region.collectionYears[0]}-${region.collectionYears.at(-1)} (seed ${region.seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s:`,
  );
  for (const c of region.councils) console.log(`  ${c.name} (${c.code}): ${c.childIds.length} children`);
  if (values.out) {
    for (const c of region.councils) {
      const dir = join(values.out, c.code);
      mkdirSync(dir, { recursive: true });
      for (const f of c.files) writeFileSync(join(dir, f.name), f.content);
    }
    console.log(`Returns written under ${values.out}/<ONS code>/ (synthetic children).`);
    return 0;
  }
  const imported = await importRegion(values.gateway!, region, (line) => console.log(line));
  console.log(`Imported ${imported.length} councils in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return 0;
}
