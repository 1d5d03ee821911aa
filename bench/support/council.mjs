/* global fetch */
// Shared by the SSDA903 benchmarks: a council service of a built tree, as its own process on a fresh database.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { baseEnv, createTestDatabase, freePort, waitFor } from '@rcc/testing';

/**
 * Starts dist/apps/council of the tree at `from` for council `code` ("Bench County") on a fresh database named after
 * `database`, with `env` added and `nodeArgs` given to node, and waits up to `healthyWithinMs` for its health check.
 * `onStdout`, when given, receives what it prints. Returns its URL, its database, its process id, its peak memory so far (MB) and
 * `stop`, which stops it and drops the database.
 */
export async function startCouncil({ from, database, code, env, nodeArgs = [], onStdout, healthyWithinMs }) {
  const db = await createTestDatabase(database);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--disable-warning=TimeoutNegativeWarning',
      ...nodeArgs,
      '--import',
      join(from, 'infra/runtime/register.mjs'),
      join(from, 'dist/apps/council/src/main.js'),
    ],
    {
      cwd: from,
      stdio: ['ignore', onStdout ? 'pipe' : 'ignore', 'pipe'],
      env: {
        PATH: process.env.PATH,
        TZ: 'UTC',
        ...baseEnv(),
        PORT: String(port),
        DATABASE_URL: db.url,
        COUNCIL_CODE: code,
        COUNCIL_NAME: 'Bench County',
        ...env,
      },
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  if (onStdout) child.stdout.on('data', (d) => onStdout(String(d)));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`council exited: ${stderr}`);
      return (await fetch(`${url}/health`).catch(() => ({ ok: false }))).ok;
    },
    'council to be healthy',
    healthyWithinMs,
  );
  const peakMB = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;
  const stop = async () => {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
    await db.drop();
  };
  return { url, db, pid: child.pid, peakMB, stop };
}
