import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';
import { parse } from 'yaml';
import { COUNCIL_CODE_PATTERN } from '@rcc/contracts';
import { repoRoot } from '@rcc/platform';

const root = repoRoot();
const read = (path: string) => readFileSync(join(root, path), 'utf8');

function files(dir: string, suffix: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

describe('docker-compose.yml', () => {
  type Service = { image?: string; build?: unknown; environment?: Record<string, string | number> };
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
  const services = compose.services;
  const apps = Object.entries(services).filter(([, s]) => s.environment?.['RCC_APP'] !== undefined);

  it('runs the official PostgreSQL and Apache Kafka images', () => {
    expect(services['postgres']?.image).toMatch(/^postgres:\d+/);
    expect(services['kafka']?.image).toMatch(/^apache\/kafka:4\.\d+\.\d+$/);
  });

  it('runs every service, and two council instances each with its own database', () => {
    expect(apps.map(([, s]) => s.environment!['RCC_APP']).sort()).toEqual(
      ['analytics', 'commissioning', 'council', 'council', 'gateway', 'registry', 'web'].sort(),
    );
    const councils = apps.filter(([, s]) => s.environment!['RCC_APP'] === 'council');
    const codes = councils.map(([, s]) => String(s.environment!['COUNCIL_CODE']));
    codes.forEach((c) => expect(c).toMatch(COUNCIL_CODE_PATTERN));
    const databases = apps
      .filter(([, s]) => s.environment!['DATABASE_URL'])
      .map(([, s]) => String(s.environment!['DATABASE_URL']));
    expect(new Set(databases).size).toBe(databases.length);
    // Every database a service uses is created by the Postgres init script.
    const created = [...read('infra/postgres/init.sql').matchAll(/CREATE DATABASE (\w+)/g)].map((m) => m[1]);
    for (const url of databases) expect(created).toContain(new URL(url).pathname.slice(1));
    // The gateway routes to exactly these council instances, on the ports they listen on.
    const routes = String(services['gateway']!.environment!['RCC_COUNCILS']).split(',');
    expect(routes.map((r) => r.split('=')[0]).sort()).toEqual([...codes].sort());
    for (const [name, s] of councils) {
      expect(routes).toContain(`${s.environment!['COUNCIL_CODE']}=http://${name}:${s.environment!['PORT']}/graphql`);
    }
    for (const [, s] of apps) expect(s.environment!['RCC_BUS'] ?? 'kafka').toBe('kafka');
  });
});

describe('every resolver declares who may call it', () => {
  const OPERATIONS = new Set(['Query', 'Mutation', 'Subscription', 'ResolveField', 'ResolveReference']);
  const POLICIES = new Set(['Allow', 'Public']);
  const decoratorNames = (node: ts.Node) =>
    (ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : []).map((d) =>
      ts.isCallExpression(d.expression) ? d.expression.expression.getText() : d.expression.getText(),
    );

  const resolvers = files('apps', '.ts').filter((f) => !f.endsWith('.spec.ts') && read(f).includes('@Resolver('));

  it('finds the resolvers', () => {
    expect(resolvers.length).toBeGreaterThanOrEqual(4);
  });

  it.each(resolvers)('%s', (file) => {
    const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
    const undeclared: string[] = [];
    source.forEachChild(function visit(node) {
      if (ts.isClassDeclaration(node)) {
        const classPolicy = decoratorNames(node).some((d) => POLICIES.has(d));
        for (const member of node.members) {
          const names = decoratorNames(member);
          if (names.some((d) => OPERATIONS.has(d)) && !classPolicy && !names.some((d) => POLICIES.has(d))) {
            undeclared.push(`${node.name?.text}.${member.name?.getText()}`);
          }
        }
      }
      node.forEachChild(visit);
    });
    expect(undeclared).toEqual([]);
  });
});

describe('module boundaries', () => {
  const lint = (file: string, code: string) =>
    spawnSync(
      process.execPath,
      [join(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'],
      {
        cwd: root,
        input: code,
        encoding: 'utf8',
        env: { ...process.env, NX_DAEMON: 'false' },
      },
    );
  const rules = (result: ReturnType<typeof lint>) =>
    (JSON.parse(result.stdout) as { messages: { ruleId: string; message: string }[] }[])[0]!.messages.map(
      (m) => m.ruleId,
    );

  it('refuses an app importing another app, and a library importing an app', () => {
    execFileSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
    expect(
      rules(lint('apps/council/src/probe.ts', "export { RegistryModule } from '../../registry/src/app.module.js';\n")),
    ).toContain('@nx/enforce-module-boundaries');
    expect(
      rules(
        lint(
          'libs/contracts/src/probe.ts',
          "export { CouncilModule } from '../../../apps/council/src/app.module.js';\n",
        ),
      ),
    ).toContain('@nx/enforce-module-boundaries');
    // The same rule passes a legitimate import, so the checks above are not the rule failing on everything.
    expect(rules(lint('apps/council/src/probe.ts', "export { TOPICS } from '@rcc/contracts';\n"))).toEqual([]);
  }, 60_000);
});
