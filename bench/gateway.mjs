// Gateway benchmark and memory per service. Run: npm run bench:gateway [-- --seconds 10 --rates 100,300,1000]
// A region (2 councils with the demo SSDA903 returns imported, registry, commissioning, analytics, gateway) as
// separate processes on real PostgreSQL and Kafka. The demand-profile query is sent at fixed rates (autocannon) through
// the gateway and, in the same run, straight to the analytics subgraph (the baseline); p50/p99 and the ratio.
// Memory: each service's resident set (VmRSS from /proc) at rest, and at its peak while the 1000 rps step runs.
import 'reflect-metadata';
import { readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import { startRegion } from '@rcc/testing';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, rates: { type: 'string', default: '100,300,1000' } },
});
const seconds = Number(values.seconds);
const rates = values.rates.split(',').map(Number);
const root = repoRoot();
const QUERY =
  '{ demandProfile { asAt councils { code asAt } total { display } cells { placementCategory ageBand value { display } } } }';

/** The process serving a port: the one whose environment says PORT=<port> (services are spawned that way). */
function pidOfPort(port) {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (env.includes(`PORT=${port}`) && cmd.includes('dist/apps/')) return Number(pid);
    } catch {
      // a process that went away, or not ours
    }
  }
  return undefined;
}
const rssMb = (pid) => {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
};

const STAFFS = { code: 'E10000028', name: 'Staffordshire', year: '2021' };
const STOKE = { code: 'E06000021', name: 'Stoke-on-Trent', year: '2020' };
console.error('starting the region...');
const region = await startRegion({ councils: [STAFFS, STOKE] });
try {
  const services = region.services.map((s) => ({ name: s.name, pid: pidOfPort(new URL(s.url).port) }));
  for (const council of [STAFFS, STOKE]) {
    const files = ['header', 'episodes'].map((t) => ({
      name: `${council.year}-${t}.csv`,
      content: readFileSync(join(root, 'infra/demo/ssda903', `${council.year}-${t}.csv`), 'utf8'),
    }));
    const token = await region.token({ subject: 'bench', roles: ['council.analyst'], council: council.code });
    const imported = await region.gql(
      'mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { batchId } }',
      token,
      { input: { files } },
    );
    if (imported.errors) throw new Error(`import failed: ${JSON.stringify(imported.errors)}`);
  }
  const provider = await region.token({
    subject: 'bench',
    roles: ['provider.user'],
    provider: '11111111-1111-4111-8111-111111111111',
  });
  // Wait until analytics has both councils' snapshots (events via Kafka).
  for (let i = 0; ; i++) {
    const r = await graphqlRequest(region.gatewayUrl, '{ demandProfile { councils { code } } }', { token: provider });
    if (r.data?.demandProfile?.councils?.length === 2) break;
    if (i > 120) throw new Error(`analytics never saw both councils: ${JSON.stringify(r)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const check = await graphqlRequest(region.gatewayUrl, QUERY, { token: provider });
  if (check.errors) throw new Error(JSON.stringify(check.errors));
  const bytes = JSON.stringify(check).length;

  await new Promise((resolve) => setTimeout(resolve, 3000));
  const atRest = Object.fromEntries(services.map((s) => [s.name, rssMb(s.pid)]));

  const run = (url, rate) =>
    autocannon({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${provider}` },
      body: JSON.stringify({ query: QUERY }),
      connections: Math.min(100, rate),
      overallRate: rate,
      duration: seconds,
    });
  const peak = Object.fromEntries(services.map((s) => [s.name, 0]));
  const sample = setInterval(() => {
    for (const s of services) peak[s.name] = Math.max(peak[s.name], rssMb(s.pid) ?? 0);
  }, 250);
  const steps = [];
  for (const rate of rates) {
    // Warm both paths, then the baseline and the gateway back to back at the same rate.
    await run(region.subgraphUrls.analytics, 50);
    await run(region.gatewayUrl, 50);
    const direct = await run(region.subgraphUrls.analytics, rate);
    const gateway = await run(region.gatewayUrl, rate);
    const summary = (r) => ({
      requestsPerSecond: Math.round(r.requests.average),
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors + r.non2xx + r.timeouts,
      total: r.requests.total,
    });
    const step = { rate, direct: summary(direct), gateway: summary(gateway) };
    step.p99Ratio = Number((step.gateway.p99 / Math.max(1, step.direct.p99)).toFixed(2));
    step.p50Ratio = Number((step.gateway.p50 / Math.max(1, step.direct.p50)).toFixed(2));
    steps.push(step);
    console.error(JSON.stringify(step));
  }
  clearInterval(sample);
  const report = {
    command: `npm run bench:gateway -- --seconds ${seconds} --rates ${rates.join(',')}`,
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    at: new Date().toISOString(),
    query: QUERY,
    responseBytes: bytes,
    steps,
    memoryMb: { atRest, peakUnderLoad: peak },
  };
  mkdirSync(join(root, 'bench/out'), { recursive: true });
  writeFileSync(join(root, 'bench/out/gateway.json'), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
} finally {
  await region.stop();
}
