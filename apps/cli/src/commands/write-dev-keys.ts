import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HUB_ORG } from '@rcc/messaging';
import { keysDir, localTrustEnv } from './dev-keys.js';

export const DEV_KEYS_USAGE = `rcc dev-keys [--out DIR] [--councils E10000028,E06000021]
  Makes (once; later runs keep them) the development issuer's key and each organisation's event key in DIR (default
  RCC_KEYS_DIR or .rcc/keys, where \`npm start\` and \`rcc token\` keep theirs), and writes DIR/env/*.env for
  docker-compose.yml: trust.env (RCC_TRUSTED_ISSUERS, RCC_EVENT_KEYS), hub.env and <council>.env (that organisation's
  RCC_EVENT_SIGNING_KEY only), web.env (the development issuer's key, for demo sign-in). Refused in production.`;

const DEFAULT_COUNCILS = 'E10000028,E06000021';

/** One dotenv line compose reads verbatim: single-quoted (the JSON values hold no single quote). */
function envLine(name: string, value: string): string {
  if (value.includes("'") || value.includes('\n')) throw new Error(`${name}: cannot be written to an env file`);
  return `${name}='${value}'\n`;
}

function writeEnv(file: string, vars: Record<string, string>): void {
  const header = '# Made by `npm run rcc -- dev-keys`: development keys only, refused in production.\n';
  const text =
    header +
    Object.entries(vars)
      .map(([k, v]) => envLine(k, v))
      .join('');
  writeFileSync(file, text, { mode: 0o600 });
}

/** Writes the development trust files; returns the paths written. */
export function devKeysCommand(argv: string[]): string[] {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, councils: { type: 'string', default: DEFAULT_COUNCILS } },
    strict: true,
  });
  const councils = values.councils.split(',').filter(Boolean);
  if (councils.length === 0 || !councils.every((c) => /^E\d{8}$/.test(c)))
    throw new Error(`--councils must list ONS council codes\n${DEV_KEYS_USAGE}`);
  const dir = resolve(values.out ?? keysDir());
  const trust = localTrustEnv([HUB_ORG, ...councils], dir);
  const envDir = join(dir, 'env');
  mkdirSync(envDir, { recursive: true, mode: 0o700 });
  const files: [string, Record<string, string>][] = [
    ['trust.env', trust.common],
    ['hub.env', { RCC_EVENT_SIGNING_KEY: trust.signingKey(HUB_ORG) }],
    ...councils.map((c): [string, Record<string, string>] => [
      `${c.toLowerCase()}.env`,
      { RCC_EVENT_SIGNING_KEY: trust.signingKey(c) },
    ]),
    ['web.env', { RCC_WEB_DEV_ISSUER_KEY: trust.issuerKey }],
  ];
  return files.map(([name, vars]) => {
    const file = join(envDir, name);
    writeEnv(file, vars);
    return file;
  });
}
