// Gateway benchmark and memory per service.
// Run: npm run bench:gateway [-- --seconds 10 --rates 100,300,1000 --query published|legacy --profile DIR
//   --pacer even|autocannon --engines apollo,hive --before]
// A region (2 councils with the demo SSDA903 returns imported, registry, commissioning, analytics, gateway) as
// separate processes on real PostgreSQL and Kafka. The hub publishes the demand profile as at the latest date both
// councils reported; the query a provider really reads (the latest published version, all its tables; or with
// --query legacy the walking skeleton's `demandProfile`, now served from the same published version) is sent at fixed
// rates (open loop, evenly paced; --pacer autocannon for autocannon's per-second bursts) straight to the analytics
// subgraph (the baseline) and, in the same run, through a gateway on each engine (--engines apollo,hive: Apollo
// Gateway and Hive Gateway's runtime, docs/adr/0048, each its own process on the same subgraphs; with --before also
// one configured as before ADR 0028); p50/p99, each ratio to the baseline, and each path's CPU per request.
// --profile DIR runs those gateways and analytics with --cpu-prof (DIR/<label>/*.cpuprofile, written at the end).
// Memory: each service's resident set (VmRSS from /proc) at rest, and at its peak while the 1000 rps step runs.
import 'reflect-metadata';
import { readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request as httpRequest } from 'node:http';
import autocannon from 'autocannon';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import { baseEnv, freePort, spawnService, sql, startRegion } from '@rcc/testing';
import { machine } from './support/machine.mjs';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rates: { type: 'string', default: '100,300,1000' },
    query: { type: 'string', default: 'published' },
    profile: { type: 'string' },
    engines: { type: 'string', default: 'apollo,hive' },
    before: { type: 'boolean', default: false },
    pacer: { type: 'string', default: 'even' },
  },
});
const seconds = Number(values.seconds);
const rates = values.rates.split(',').map(Number);
const root = repoRoot();
const QUERIES = {
  // What a provider reads: the latest published version, every table with its totals.
  published:
    '{ publishedDemandProfile { version asAt revision councils notContributing minCount tables { name title ' +
    'columnKeys rows { key values { display marker } total { display marker } } columnTotals { display marker } ' +
    'total { display marker } } } }',
  legacy:
    '{ demandProfile { asAt councils { code asAt } total { display } cells { placementCategory ageBand value { display } } } }',
};
const QUERY = QUERIES[values.query];
const ENGINES = values.engines.split(',');
if (ENGINES.some((e) => !['apollo', 'hive'].includes(e))) throw new Error('--engines must list apollo and/or hive');
if (!QUERY) throw new Error(`--query must be one of ${Object.keys(QUERIES).join(', ')}`);
if (!['even', 'autocannon'].includes(values.pacer)) throw new Error('--pacer must be even or autocannon');
const profileEnv = (service) =>
  values.profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${join(values.profile, service)}` } : {};

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
const loadBefore = loadavg().map((l) => Number(l.toFixed(2)));
console.error(`load average ${loadBefore.join(' ')}; starting the region...`);
const region = await startRegion({
  councils: [STAFFS, STOKE],
  env: { analytics: profileEnv('analytics') },
});
const extra = [];
try {
  // The gateway on each engine (docs/adr/0048), and with --before one configured as before ADR 0028 (every token
  // verified, Apollo's own HTTP client), each its own process on the same subgraphs: one run measures them all.
  const subgraphList = (keys) => keys.map((k) => `${k}=${region.subgraphUrls[k]}`).join(',');
  const gatewayEnv = async (label, env) =>
    spawnService(
      'gateway',
      {
        ...baseEnv(),
        KAFKA_TOPIC_PREFIX: region.prefix,
        PORT: String(await freePort()),
        RCC_SUBGRAPHS: subgraphList(['registry', 'commissioning', 'analytics']),
        RCC_COUNCILS: subgraphList([STAFFS.code, STOKE.code]),
        ...profileEnv(label),
        ...env,
      },
      label,
    );
  for (const engine of ENGINES) extra.push(await gatewayEnv(`gateway-${engine}`, { RCC_GATEWAY_ENGINE: engine }));
  if (values.before) {
    extra.push(
      await gatewayEnv('gateway-before', {
        RCC_GATEWAY_ENGINE: 'apollo',
        RCC_TOKEN_CACHE_SIZE: '0',
        RCC_SUBGRAPH_CLIENT: 'apollo',
      }),
    );
  }
  const services = [...region.services, ...extra].map((s) => ({ name: s.name, pid: pidOfPort(new URL(s.url).port) }));
  const pidOf = (name) => services.find((s) => s.name === name)?.pid;
  /** CPU time (user + system, ms) a process has used so far: /proc/<pid>/stat, in clock ticks of 10 ms. */
  const cpuMs = (pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
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
  // Wait until analytics has both councils' snapshots (events via Kafka), then publish the latest date both reported.
  let asAt;
  for (let i = 0; ; i++) {
    const rows = await sql(
      region.databases.analytics.url,
      `SELECT to_char(as_at, 'YYYY-MM-DD') AS "asAt" FROM need_snapshot GROUP BY as_at
        HAVING count(DISTINCT council_code) = 2 ORDER BY as_at DESC LIMIT 1`,
    );
    asAt = rows[0]?.asAt;
    if (asAt) break;
    if (i > 240) throw new Error('analytics never held a snapshot date from both councils');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const hub = await region.token({ subject: 'bench-hub', roles: ['hub.commissioner'] });
  const published = await region.gql(
    'mutation($asAt: String!) { publishDemandProfile(asAt: $asAt) { version } }',
    hub,
    {
      asAt,
    },
  );
  if (published.errors) throw new Error(`publishing failed: ${JSON.stringify(published.errors)}`);
  const check = await graphqlRequest(region.subgraphUrls.analytics, QUERY, { token: provider });
  if (check.errors) throw new Error(JSON.stringify(check.errors));
  const bytes = JSON.stringify(check).length;
  // Every gateway answers exactly what analytics answers.
  for (const gateway of extra) {
    const answer = await graphqlRequest(gateway.graphqlUrl, QUERY, { token: provider });
    if (JSON.stringify(answer) !== JSON.stringify(check)) {
      throw new Error(`${gateway.name} answered differently: ${JSON.stringify(answer).slice(0, 500)}`);
    }
  }

  await new Promise((resolve) => setTimeout(resolve, 3000));
  const atRest = Object.fromEntries(services.map((s) => [s.name, rssMb(s.pid)]));

  const body = JSON.stringify({ query: QUERY });
  /** autocannon (--pacer autocannon): its rate limit lets each connection send its share at the start of every second. */
  const runAutocannon = async (url, rate) => {
    const r = await autocannon({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${provider}` },
      body,
      connections: Math.min(100, rate),
      overallRate: rate,
      duration: seconds,
    });
    return {
      requestsPerSecond: Math.round(r.requests.average),
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors + r.non2xx + r.timeouts,
      total: r.requests.total,
    };
  };
  /**
   * Open loop, evenly paced (the default): request i is due at start + i/rate, sent then (or at once if the generator
   * is late) on a keep-alive pool, and its latency runs from when it was due, so a stall counts (no coordinated
   * omission). An answer other than 200 without `errors` counts as an error.
   */
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const runEven = async (url, rate) => {
    const target = new URL(url);
    const headers = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      authorization: `Bearer ${provider}`,
    };
    const total = Math.round(rate * seconds);
    const latencies = [];
    let errors = 0;
    const one = (due) =>
      new Promise((resolve) => {
        const req = httpRequest(target, { method: 'POST', headers, agent, timeout: 30_000 }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => {
            if (res.statusCode !== 200 || text.includes('"errors"')) errors += 1;
            else latencies.push(performance.now() - due);
            resolve();
          });
        });
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', () => {
          errors += 1;
          resolve();
        });
        req.end(body);
      });
    const start = performance.now();
    const pending = [];
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(one(due));
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p) =>
      Number((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN).toFixed(1));
    return {
      requestsPerSecond: Math.round(latencies.length / elapsed),
      p50: pct(0.5),
      p99: pct(0.99),
      errors,
      total: latencies.length + errors,
    };
  };
  const run = values.pacer === 'autocannon' ? runAutocannon : runEven;
  const peak = Object.fromEntries(services.map((s) => [s.name, 0]));
  const sample = setInterval(() => {
    for (const s of services) peak[s.name] = Math.max(peak[s.name], rssMb(s.pid) ?? 0);
  }, 250);
  const steps = [];
  for (const rate of rates) {
    // Warm every path, then the baseline and each gateway back to back at the same rate. Each
    // path's CPU per request (analytics and the gateway it went through) does not depend on queueing, unlike latency.
    const paths = [
      ['direct', region.subgraphUrls.analytics, null],
      ...extra.map((g) => [g.name, g.graphqlUrl, g.name]),
    ];
    for (const [, url] of paths) await run(url, 50);
    const step = { rate };
    for (const [name, url, gatewayName] of paths) {
      const watched = { analytics: pidOf('analytics'), ...(gatewayName ? { gateway: pidOf(gatewayName) } : {}) };
      const before = Object.fromEntries(Object.entries(watched).map(([k, pid]) => [k, cpuMs(pid)]));
      const r = await run(url, rate);
      step[name] = {
        ...r,
        cpuMsPerRequest: Object.fromEntries(
          Object.entries(watched).map(([k, pid]) => [
            k,
            Number(((cpuMs(pid) - before[k]) / Math.max(1, r.total)).toFixed(2)),
          ]),
        ),
      };
    }
    // Ratios to the direct path (a p50 or p99 under 1 ms counts as 1 ms, so noise on a tiny baseline is not a ratio).
    step.ratios = Object.fromEntries(
      extra.map((g) => [
        g.name,
        {
          p50: Number((step[g.name].p50 / Math.max(1, step.direct.p50)).toFixed(2)),
          p99: Number((step[g.name].p99 / Math.max(1, step.direct.p99)).toFixed(2)),
        },
      ]),
    );
    steps.push(step);
    console.error(JSON.stringify(step));
  }
  clearInterval(sample);
  const report = {
    command: `npm run bench:gateway -- --seconds ${seconds} --rates ${rates.join(',')} --query ${values.query} --pacer ${values.pacer} --engines ${ENGINES.join(',')}${values.before ? ' --before' : ''}`,
    loadAverage: { before: loadBefore, after: loadavg().map((l) => Number(l.toFixed(2))) },
    machine: machine(),
    at: new Date().toISOString(),
    query: QUERY,
    publishedAsAt: asAt,
    responseBytes: bytes,
    steps,
    memoryMb: { atRest, peakUnderLoad: peak },
  };
  mkdirSync(join(root, 'bench/out'), { recursive: true });
  writeFileSync(join(root, 'bench/out/gateway.json'), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
} finally {
  for (const gateway of extra) await gateway.stop();
  await region.stop();
}
