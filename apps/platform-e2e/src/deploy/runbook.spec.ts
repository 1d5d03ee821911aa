import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@rcc/platform';

/**
 * docs/operations/README.md reviewed against what ships: every variable it names is read by a configuration class or
 * the command line, or set by the compose files or the Kubernetes manifests, and every path it names exists. The manifests are held to the
 * same rule the other way: every setting their ConfigMaps carry is read by a configuration class.
 */
const root = repoRoot();
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const filesUnder = (dir: string) =>
  readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)));

const configFiles = [
  'libs/platform/src/config.ts',
  ...filesUnder('apps').filter((f) => /\/src\/platform\/[a-z-]+\.config\.ts$/.test(f)),
];
/** Properties declared by the configuration classes: the variables the services read. */
const configVariables = new Set(
  configFiles
    .flatMap((f) => [...read(f).matchAll(/^\s+(?:override\s+)?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)[?!]?\s*[:=;]/gm)])
    .map((m) => m[1]!),
);
/** Variables the command line reads (`rcc db-create`, `rcc migrate`, ...). */
for (const f of filesUnder('apps/cli/src').filter((f) => f.endsWith('.ts') && !f.includes('spec'))) {
  for (const m of read(f).matchAll(/env\[['"]([A-Z][A-Z0-9_]+)['"]\]/g)) configVariables.add(m[1]!);
}
const deployText = [
  read('docker-compose.yml'),
  read('docker-compose.prod.yml'),
  ...filesUnder('infra/k8s').map(read),
].join('\n');

const runbook = read('docs/operations/README.md');
const backticked = [...runbook.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

describe('docs/operations/README.md', () => {
  it('finds the configuration classes', () => {
    expect(configFiles.length).toBeGreaterThanOrEqual(7);
    for (const v of ['DATABASE_URL', 'RCC_PSEUDONYM_KEY', 'RCC_COUNCILS', 'RCC_READY_OUTBOX_MAX_AGE_SECONDS']) {
      expect(configVariables).toContain(v);
    }
  });

  it('names only variables a service reads or a deployment file sets', () => {
    const named = [...new Set(backticked.filter((t) => /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(t)))];
    expect(named.length).toBeGreaterThan(20);
    const unknown = named.filter((v) => !configVariables.has(v) && !new RegExp(`\\b${v}\\b`).test(deployText));
    expect(unknown).toEqual([]);
  });

  it('names only paths that exist', () => {
    const paths = backticked.filter((t) => /^(infra|docs|apps|libs)\/|^docker-compose/.test(t));
    expect(paths.length).toBeGreaterThan(5);
    expect(paths.filter((p) => !existsSync(join(root, p)))).toEqual([]);
  });

  it('names the migration Job of every database service the manifests deploy', () => {
    const jobs = [...deployText.matchAll(/^ {2}name: ([a-z-]+-migrate)$/gm)].map((m) => m[1]!);
    expect(jobs.length).toBeGreaterThanOrEqual(4);
    for (const job of jobs) expect(backticked).toContain(job);
  });
});

describe('infra/k8s ConfigMaps', () => {
  it('carry only settings a configuration class reads', () => {
    const literals = filesUnder('infra/k8s')
      .filter((f) => f.endsWith('kustomization.yaml'))
      .flatMap((f) => [...read(f).matchAll(/^\s+- ([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    expect(literals.length).toBeGreaterThan(10);
    expect(literals.filter((v) => !configVariables.has(v))).toEqual([]);
  });
});
