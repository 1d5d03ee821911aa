import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { cliToken } from './dev-keys.js';
import { graphqlRequest } from '@rcc/platform';
import { IMPORT_PROVIDERS_USAGE } from '../usage.js';

interface RowError {
  file: string;
  row: number;
  column: string;
  value: string;
  message: string;
}

export interface ProviderImportSummary {
  rows: number;
  new: number;
  changed: number;
  closed: number;
  unchanged: number;
  rejected: number;
  rejections: RowError[];
  outOfScope: number;
  providersCreated: number;
}

/** Reads provider-list files for the importProviders mutation: CSV as text, xlsx as base64. */
export function providerListFiles(paths: string[]): { name: string; content: string; encoding: 'utf8' | 'base64' }[] {
  return paths.map((p) => {
    if (!statSync(p, { throwIfNoEntry: false })?.isFile()) throw new Error(`${p} is not a file`);
    if (!/\.(csv|xlsx)$/i.test(p)) throw new Error(`${p}: only .csv and .xlsx provider lists are read`);
    const xlsx = /\.xlsx$/i.test(p);
    const bytes = readFileSync(p);
    return { name: basename(p), content: bytes.toString(xlsx ? 'base64' : 'utf8'), encoding: xlsx ? 'base64' : 'utf8' };
  });
}

export const IMPORT_PROVIDERS_MUTATION = `mutation($input: ImportProvidersInput!) {
  importProviders(input: $input) {
    rows new changed closed unchanged rejected outOfScope providersCreated
    rejections { file row column value message }
  }
}`;

const rowError = (e: RowError) => `  ${e.file}:${e.row}  ${e.column}  ${JSON.stringify(e.value)}  ${e.message}\n`;

/**
 * For the hub: import provider lists with a summary. Exit 0: everything imported; 2: imported, but rows were left out
 * (each listed); 1: refused (strict mode, or not a provider list), nothing written.
 */
export async function importProvidersCommand(
  argv: string[],
  out: NodeJS.WriteStream = process.stdout,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env['RCC_GATEWAY_URL'] ?? 'http://localhost:4000/graphql' },
      strict: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new Error(`usage:\n${IMPORT_PROVIDERS_USAGE}`);
  const files = providerListFiles(positionals);
  const token = await cliToken({ roles: ['hub.commissioner'] }, 'hub');
  const result = await graphqlRequest<{ importProviders: ProviderImportSummary }>(
    values.url!,
    IMPORT_PROVIDERS_MUTATION,
    {
      token,
      variables: { input: { files, strict: values.strict } },
      timeoutMs: 600_000,
    },
  );
  const error = result.errors?.[0];
  if (error) {
    const details = (
      error.extensions as { details?: { errors?: RowError[]; totalErrors?: number; rejectedRows?: number } }
    )?.details;
    out.write(`rejected: ${error.message}\n`);
    if (details?.rejectedRows !== undefined) out.write(`  rejected rows: ${details.rejectedRows}\n`);
    for (const e of details?.errors?.slice(0, 50) ?? []) out.write(rowError(e));
    if ((details?.totalErrors ?? 0) > 50) out.write(`  ... and ${details!.totalErrors! - 50} more\n`);
    out.write('Nothing was written.\n');
    return 1;
  }
  const s = result.data!.importProviders;
  out.write(
    [
      `Imported ${files.map((f) => f.name).join(', ')}: ${s.rows} settings read.`,
      `  new:          ${s.new}`,
      `  changed:      ${s.changed}`,
      `  closed:       ${s.closed}`,
      `  unchanged:    ${s.unchanged}`,
      `  rejected:     ${s.rejected}`,
      `  out of scope: ${s.outOfScope} (provision types the registry does not hold, e.g. adoption agencies)`,
      `  providers:    ${s.providersCreated} new`,
      '',
    ].join('\n'),
  );
  if (s.rejected === 0) return 0;
  out.write(`Rows left out (${s.rejected}; fix them and import again, or use --strict to refuse such a file):\n`);
  for (const e of s.rejections) out.write(rowError(e));
  return 2;
}
