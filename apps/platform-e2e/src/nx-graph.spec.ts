import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@rcc/platform';

/**
 * The Nx project graph follows the TypeScript imports (nx.json `pluginsConfig["@nx/js"].analyzeSourceFiles`), so
 * `nx affected` and the module-boundary lint rule see the real dependencies, and a change to a library marks every
 * project that imports it.
 */
const root = repoRoot();
const nx = (...args: string[]) =>
  execFileSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), ...args], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    encoding: 'utf8',
  });

describe('the Nx project graph', () => {
  const file = join(tmpdir(), `rcc-nx-graph-${process.pid}.json`);
  nx('graph', `--file=${file}`);
  const graph = JSON.parse(readFileSync(file, 'utf8')) as {
    graph: { dependencies: Record<string, { target: string }[]> };
  };
  rmSync(file, { force: true });
  const deps = (project: string) => new Set(graph.graph.dependencies[project]?.map((d) => d.target));

  it('has the edges the imports imply', () => {
    for (const [from, to] of [
      ['analytics', 'forecast'],
      ['analytics', 'disclosure'],
      ['council', 'ssda903'],
      ['cli', 'forecast'],
      ['platform', 'messaging'],
      ['ssda903', 'contracts'],
    ] as const) {
      expect({ from, to, found: deps(from).has(to) }).toEqual({ from, to, found: true });
    }
  });

  it('keeps a council instance free of the forecast and disclosure code', () => {
    expect(deps('council').has('forecast')).toBe(false);
    expect(deps('council').has('disclosure')).toBe(false);
  });

  it('marks the analytics service and the CLI affected by a change to the forecast library', () => {
    const affected = nx('show', 'projects', '--affected', '--files=libs/forecast/src/index.ts').split('\n');
    expect(affected).toEqual(expect.arrayContaining(['forecast', 'analytics', 'cli']));
    expect(affected).not.toContain('council');
  });

  it('gives every project lint and test targets', () => {
    const projects = nx('show', 'projects').trim().split('\n').sort();
    expect(projects.length).toBeGreaterThanOrEqual(16);
    for (const target of ['lint', 'test']) {
      expect({ target, projects: nx('show', 'projects', '--with-target', target).trim().split('\n').sort() }).toEqual({
        target,
        projects,
      });
    }
  });
});
