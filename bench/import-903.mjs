// SSDA903 import benchmark. Synthetic data: the five sample years' header and episodes tables, every child copied
// under new ids ("<copy>x<id>") until the episode rows reach the size asked for. Each size is imported by a fresh
// council service (its own database) through the streaming upload the CLI uses, and the same rows are loaded in the
// same run by plain `psql \copy` into tables of the same columns and types: the import's rate is reported as a ratio
// to that raw COPY rate. The service's peak RSS (VmHWM) at 1/4, 1/2 and full size shows whether memory is flat.
// Run: npm run bench:import [-- --small 50000 --large 1000000 --sizes small,full --base /other/build/folder].
// Needs PostgreSQL and Kafka, as the integration tests.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { repoRoot } from '@rcc/platform';
import { createTestDatabase, testToken } from '@rcc/testing';
import { startCouncil as startCouncil903 } from './support/council.mjs';
import { importFolder } from './support/ssda903-upload.mjs';
import { cpuDuring } from './support/machine.mjs';

const { values } = parseArgs({
  options: {
    small: { type: 'string', default: '50000' },
    large: { type: 'string', default: '1000000' },
    // Which sizes to run (small, quarter, half, full); all by default.
    sizes: { type: 'string', default: 'small,quarter,half,full' },
    // Another build to import the same files with in the same run (a folder holding nx.json, dist/ and
    // infra/runtime/, e.g. a copy of an earlier commit's build): "before" and "after" from one machine state.
    base: { type: 'string' },
    // Import with the --base build first (the machine's load drifts: run both orders to see how much).
    'base-first': { type: 'boolean', default: false },
  },
});
const root = repoRoot();
const samples = join(root, 'libs/testing/fixtures/ssda903/sample-council-2017-2021');
const COUNCIL = 'E10000028';

const sampleTables = readdirSync(samples)
  .filter((f) => /-(header|episodes)\.csv$/.test(f))
  .map((name) => {
    const [head, ...rows] = readFileSync(join(samples, name), 'utf8').trim().split(/\r?\n/);
    return { name, head, rows };
  });
const episodesPerCopy = sampleTables
  .filter((t) => t.name.endsWith('-episodes.csv'))
  .reduce((n, t) => n + t.rows.length, 0);

/** Writes `copies` copies of the sample years to disk (streamed: the bench itself stays small). */
async function dataset(copies) {
  const dir = join(root, 'bench/out/data', String(copies));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let rows = 0;
  let bytes = 0;
  for (const t of sampleTables) {
    const out = createWriteStream(join(dir, t.name));
    out.write(`${t.head}\n`);
    for (let i = 0; i < copies; i++) {
      const chunk = t.rows.map((r) => `${i}x${r}\n`).join('');
      if (!out.write(chunk)) await once(out, 'drain');
      rows += t.rows.length;
    }
    out.end();
    await once(out, 'finish');
    bytes += statSync(join(dir, t.name)).size;
  }
  return { dir, rows, bytes, episodes: copies * episodesPerCopy };
}

const seconds = (t) => Number(process.hrtime.bigint() - t) / 1e9;

/** The same rows loaded by `psql \copy` into plain tables of the same columns and types (no keys, no checks). */
async function rawCopy(data) {
  const db = await createTestDatabase('bench_raw_copy');
  try {
    const psql = (command) => {
      const run = spawnSync('psql', [db.url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], {
        encoding: 'utf8',
        env: { ...process.env, PGDATESTYLE: 'ISO, DMY' },
      });
      if (run.status !== 0) throw new Error(run.stderr);
    };
    psql(`CREATE TABLE child (child_id text, sex text, dob date, ethnic text, upn text, mother text, mc_dob date)`);
    psql(`CREATE TABLE episode (child_id text, decom date, rne text, ls text, cin text, place text,
          place_provider text, dec date, rec text, reason_place_change text, home_post text, pl_post text, urn text)`);
    const t = process.hrtime.bigint();
    for (const f of readdirSync(data.dir).sort()) {
      psql(
        `\\copy ${f.endsWith('-header.csv') ? 'child' : 'episode'} FROM '${join(data.dir, f)}' WITH (FORMAT csv, HEADER true)`,
      );
    }
    return seconds(t);
  } finally {
    await db.drop();
  }
}

/** A fresh council service on its own database, with the import's phase log (where the time went). */
async function startCouncil(from = root) {
  let phases = '';
  const council = await startCouncil903({
    from,
    database: 'bench_import',
    code: COUNCIL,
    env: { KAFKA_TOPIC_PREFIX: `bench${randomUUID().slice(0, 6)}.`, RCC_SHARING: 'need-snapshot' },
    // BENCH_CPU_PROF=<folder>: a V8 CPU profile of each council service, written when it stops.
    nodeArgs: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
    // The import's phase log (Ssda903Import logger).
    onStdout: (d) => {
      const m = /import [0-9a-f-]+: \d+ episodes; (.*?committed [\d.]+s)/.exec(d);
      if (m) phases = m[1];
    },
    healthyWithinMs: 300_000, // a loaded machine starts a service slowly
  });
  return { ...council, phases: () => phases };
}

const token = await testToken({ subject: 'bench', roles: ['council.analyst'], council: COUNCIL });
const large = Number(values.large);
const wanted = new Set(values.sizes.split(','));
const sizes = [
  { label: 'small', episodes: Number(values.small) },
  { label: 'quarter', episodes: large / 4 },
  { label: 'half', episodes: large / 2 },
  { label: 'full', episodes: large },
].filter((s) => wanted.has(s.label));

/** One import of `data` by a fresh council service built in `from`; its time, peak RSS and phase log. */
async function measure(data, raw, from) {
  const council = await startCouncil(from);
  let run;
  try {
    const idleMB = council.peakMB();
    // Where the machine's CPU went during the import: the council service, PostgreSQL, this process, the rest.
    const measured = await cpuDuring(() => importFolder(council.url, data.dir, token), { council: council.pid });
    run = { ...measured.result, cpu: measured.cpu };
    run.peakMB = council.peakMB();
    run.idleMB = idleMB;
  } finally {
    await council.stop();
  }
  return {
    seconds: +run.seconds.toFixed(2),
    uploadSeconds: +run.uploadSeconds.toFixed(2),
    rowsPerSecond: Math.round(data.rows / run.seconds),
    ratioToRawCopy: +(raw / run.seconds).toFixed(3),
    serviceIdleMB: Math.round(run.idleMB),
    servicePeakMB: Math.round(run.peakMB),
    phases: council.phases(),
    cpu: run.cpu,
    stored: { episodes: run.result.episodes, children: run.result.children, snapshotTotal: run.result.snapshotTotal },
  };
}

const runs = [];
for (const size of sizes) {
  const copies = Math.max(1, Math.round(size.episodes / episodesPerCopy));
  const data = await dataset(copies);
  let entry;
  try {
    const raw = await rawCopy(data);
    entry = {
      size: size.label,
      copies,
      episodeRows: data.episodes,
      rows: data.rows,
      megabytes: +(data.bytes / 1e6).toFixed(1),
      rawCopy: { seconds: +raw.toFixed(2), rowsPerSecond: Math.round(data.rows / raw) },
    };
    if (values.base && values['base-first']) {
      entry.baseImport = { from: values.base, ...(await measure(data, raw, values.base)) };
    }
    entry.import = await measure(data, raw, root);
    if (values.base && !values['base-first']) {
      entry.baseImport = { from: values.base, ...(await measure(data, raw, values.base)) };
    }
    if (values.base) {
      // The raw COPY again after both imports: how much the machine's load moved during the pair.
      const rawAfter = await rawCopy(data);
      entry.rawCopyAfter = { seconds: +rawAfter.toFixed(2), rowsPerSecond: Math.round(data.rows / rawAfter) };
    }
  } finally {
    rmSync(data.dir, { recursive: true, force: true });
  }
  runs.push(entry);
  console.log(JSON.stringify(entry));
}
const peak = Object.fromEntries(runs.map((r) => [r.size, r.import.servicePeakMB]));
const report = {
  date: new Date().toISOString(),
  node: process.version,
  command: `npm run bench:import -- ${process.argv.slice(2).join(' ')}`.trim(),
  data: 'synthetic: the five sample years (header + episodes), each child copied under new ids',
  runs,
  memory: {
    what: 'peak RSS (VmHWM, MB) of a fresh council service importing 1/4, 1/2 and all of the large set',
    ...peak,
    ratioFullToQuarter: peak.quarter ? +(peak.full / peak.quarter).toFixed(2) : null,
  },
};
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/import-903.json'), JSON.stringify(report, null, 2));
console.log(JSON.stringify(report, null, 2));
