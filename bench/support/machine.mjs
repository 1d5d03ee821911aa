// Shared by the benchmarks: the machine a report's figures were measured on.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** The CPUs (count and model), the memory and the Node version. */
export const machine = () => ({
  cpus: cpus().length,
  model: cpus()[0]?.model,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
});

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds used so far by each process on the machine (pid -> seconds and group). */
function cpuByProcess(named) {
  const byPid = new Map(Object.entries(named).map(([name, pid]) => [String(pid), name]));
  const processes = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited while we read
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime + stime
    const kind = comm === 'postgres' ? 'postgres' : comm === 'java' ? 'kafka' : 'other';
    const group = Number(pid) === process.pid ? 'thisProcess' : (byPid.get(pid) ?? kind);
    processes.set(pid, { group, seconds });
  }
  return processes;
}

/**
 * Where the machine's CPU went while `fn` ran: CPU seconds of this process, the processes `named` (name -> pid),
 * PostgreSQL's processes, the Kafka broker and everything else, against the wall time and the machine's capacity
 * (cores x wall). A process that ends inside the window is not counted (the benchmarks keep their connections open;
 * other work on the machine may be undercounted).
 */
export async function cpuDuring(fn, named = {}) {
  const before = cpuByProcess(named);
  const t0 = performance.now();
  const result = await fn();
  const wall = (performance.now() - t0) / 1000;
  const used = {
    thisProcess: 0,
    ...Object.fromEntries(Object.keys(named).map((k) => [k, 0])),
    postgres: 0,
    kafka: 0,
    other: 0,
  };
  // Each process still running: what it used since the start (or since it started).
  for (const [pid, { group, seconds }] of cpuByProcess(named)) used[group] += seconds - (before.get(pid)?.seconds ?? 0);
  for (const k of Object.keys(used)) used[k] = +used[k].toFixed(2);
  const total = Object.values(used).reduce((a, b) => a + b, 0);
  return {
    result,
    cpu: {
      wallSeconds: +wall.toFixed(2),
      cores: cpus().length,
      usedSeconds: used,
      shareOfMachine: +(total / (wall * cpus().length)).toFixed(2),
    },
  };
}

/** With BENCH_CPU_PROF=<folder>: a V8 CPU profile of this process while `fn` runs, written as <folder>/<name>.cpuprofile. */
export async function profiled(name, fn) {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
