import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

/**
 * What `docker compose` would hand each container, computed without Docker (there is no engine on CI machines):
 * variable interpolation (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `$$`),
 * YAML merge keys, `extends` from another file, override files merged over the base (mappings merged key by key,
 * anything else replaced), and `env_file` under `environment`. Enough of the Compose specification for the files
 * this project ships; a construct it does not know makes it throw rather than guess.
 */

export type Env = Record<string, string>;
export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  extends?: { file: string; service: string };
  env_file?: (string | { path: string; required?: boolean })[];
  environment?: Record<string, string | number | boolean | null>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }> | string[];
  [key: string]: unknown;
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
}

export class InterpolationError extends Error {}

export function interpolate(value: string, vars: Env): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, name?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
      if (match === '$$') return '$';
      if (bare) return vars[bare] ?? '';
      const v = vars[name!];
      const missing = colon ? v === undefined || v === '' : v === undefined;
      if (!op) return v ?? '';
      if (!missing) return v!;
      if (op === '-') return arg!;
      throw new InterpolationError(`required variable ${name} is missing a value: ${arg}`);
    },
  );
}

function interpolateAll<T>(node: T, vars: Env): T {
  if (typeof node === 'string') return interpolate(node, vars) as T;
  if (Array.isArray(node)) return node.map((n: unknown) => interpolateAll(n, vars)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, vars)])) as T;
  }
  return node;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Compose's merge for the keys this project uses: mappings key by key (recursively), everything else replaced. */
export function mergeService(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (k === 'volumes' && Array.isArray(v) && Array.isArray(out[k])) out[k] = [...(out[k] as unknown[]), ...v];
    else out[k] = isMapping(v) && isMapping(out[k]) ? mergeService(out[k], v) : v;
  }
  return out;
}

/** Reads a dotenv file as compose does: KEY=VALUE lines, `#` comments, an unquoted value's ` # comment` dropped. */
export function readEnvFile(path: string): Env {
  const env: Env = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!.trim();
    const quoted = /^(['"])(.*)\1$/.exec(value);
    value = quoted ? quoted[2]! : value.replace(/\s+#.*$/, '');
    env[m[1]!] = value;
  }
  return env;
}

function loadFile(path: string, vars: Env): ComposeFile {
  return interpolateAll(parse(readFileSync(path, 'utf8'), { merge: true }) as ComposeFile, vars);
}

/** The services of `docker compose -f files[0] -f files[1] ...` with the given shell variables. */
export function composeServices(files: string[], vars: Env): Record<string, ComposeService> {
  const services: Record<string, Record<string, unknown>> = {};
  for (const file of files) {
    const loaded = loadFile(file, vars).services;
    for (const [name, raw] of Object.entries(loaded)) {
      let service = raw as Record<string, unknown>;
      const ext = service['extends'] as ComposeService['extends'];
      if (ext) {
        const from = loadFile(join(dirname(file), ext.file), vars).services[ext.service];
        if (!from) throw new Error(`${name} extends unknown service ${ext.service}`);
        const { depends_on: _ignored, ...inherited } = from as Record<string, unknown>;
        const { extends: _e, ...rest } = service;
        service = mergeService(inherited, rest);
      }
      services[name] = services[name] ? mergeService(services[name], service) : service;
    }
  }
  return services as Record<string, ComposeService>;
}

/** The environment a service's container gets: its env_file(s) (relative to the project directory), then `environment`. */
export function containerEnv(service: ComposeService, projectDir: string, envFiles: Record<string, Env> = {}): Env {
  const env: Env = {};
  for (const entry of service.env_file ?? []) {
    const { path, required = true } = typeof entry === 'string' ? { path: entry } : entry;
    const provided = envFiles[path];
    if (provided) Object.assign(env, provided);
    else if (existsSync(join(projectDir, path))) Object.assign(env, readEnvFile(join(projectDir, path)));
    else if (required) throw new Error(`env_file ${path} is required and missing`);
  }
  for (const [k, v] of Object.entries(service.environment ?? {})) env[k] = v === null ? '' : String(v);
  return env;
}
