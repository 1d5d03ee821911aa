// Import benchmark: a large county's years of returns (>= 50k episode rows with the default 14 copies), measured against a baseline run in the
// same go (plain CSV parsing of the same bytes), as ratios. Run: npm run bench:import [-- --copies 32]
// Needs PostgreSQL (and Kafka, for the council service's outbox relay): the same as the integration tests.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { parseReturns } from '@rcc/ssda903';
import { DEV_SECRET, issueDevToken } from '@rcc/auth';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import { baseEnv, createTestDatabase, freePort, spawnService } from '@rcc/testing';

const { values } = parseArgs({
  options: { copies: { type: 'string', default: '14' }, 'memory-only': { type: 'boolean', default: false } },
});
const copies = Number(values.copies);
const root = repoRoot();
const samples = join(root, '../shared/data/ssda903/sample-council-2017-2021');

/** The five sample years, each child replicated `n` times under new ids: synthetic, the shape of a large county. */
function dataset(n) {
  const files = readdirSync(samples).filter((f) => f.endsWith('.csv'));
  return files.map((name) => {
    const [head, ...rows] = readFileSync(join(samples, name), 'utf8').trim().split(/\r?\n/);
    const out = [head];
    for (let i = 0; i < n; i++) for (const row of rows) out.push(`${i}x${row}`);
    return { name, content: out.join('\n') };
  });
}

const time = async (fn) => {
  const t = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, result };
};

/** Peak resident memory of a fresh process that builds the dataset and validates + stitches it. */
function peakRssOfFreshProcess(n) {
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--copies', String(n), '--memory-only'],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  return Number(run.stdout.trim().split('\n').at(-1));
}

if (values['memory-only']) {
  const data = dataset(copies);
  await parseReturns(data);
  console.log(Math.round(process.resourceUsage().maxRSS / 1024));
  process.exit(0);
}

const files = dataset(copies);
const episodeRows = files
  .filter((f) => f.name.endsWith('-episodes.csv'))
  .reduce((n, f) => n + f.content.split('\n').length - 1, 0);
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
console.log(
  `dataset: ${copies} copies of the 5 sample years: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${episodeRows} episode rows`,
);

// Warm up the code paths once on a small set.
await parseReturns(dataset(1));

const baseline = await time(async () => files.map((f) => parse(f.content, { bom: true, trim: true })));
const library = await time(() => parseReturns(files));
if (library.result.errors.length > 0)
  throw new Error(`the dataset did not validate: ${JSON.stringify(library.result.errors[0])}`);

const memSmall = peakRssOfFreshProcess(Math.max(1, Math.round(copies / 4)));
const memLarge = peakRssOfFreshProcess(copies);

const db = await createTestDatabase('bench_import');
const council = await spawnService('council', {
  ...baseEnv(),
  KAFKA_TOPIC_PREFIX: `bench${randomUUID().slice(0, 6)}.`,
  PORT: String(await freePort()),
  DATABASE_URL: db.url,
  COUNCIL_CODE: 'E10000028',
  COUNCIL_NAME: 'Bench County',
  RCC_SHARING: 'need-snapshot',
});
let service;
try {
  const token = await issueDevToken(
    { subject: 'bench', roles: ['council.analyst'], council: 'E10000028' },
    { secret: DEV_SECRET },
  );
  service = await time(() =>
    graphqlRequest(
      council.graphqlUrl,
      'mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { episodes records repairs snapshotTotal } }',
      {
        token,
        variables: { input: { files } },
        timeoutMs: 600_000,
      },
    ),
  );
  if (service.result.errors) throw new Error(JSON.stringify(service.result.errors));
} finally {
  await council.stop();
  await db.drop();
}

const report = {
  date: new Date().toISOString(),
  node: process.version,
  dataset: { copies, files: files.length, megabytes: +(bytes / 1e6).toFixed(1), episodeRows },
  baseline: { what: 'csv-parse of the same files, no validation', ms: Math.round(baseline.ms) },
  validateAndStitch: { ms: Math.round(library.ms), ratioToBaseline: +(library.ms / baseline.ms).toFixed(2) },
  importThroughCouncilService: {
    ms: Math.round(service.ms),
    ratioToBaseline: +(service.ms / baseline.ms).toFixed(2),
    stored: service.result.data.importSsda903,
  },
  memory: {
    what: 'peak RSS (MB) of a fresh process reading, validating and stitching the data, at 1/4 size and full size',
    quarterMB: Math.round(memSmall),
    fullMB: Math.round(memLarge),
    ratioFullToQuarter: +(memLarge / memSmall).toFixed(2),
  },
};
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/import-903.json'), JSON.stringify(report, null, 2));
console.log(JSON.stringify(report, null, 2));
