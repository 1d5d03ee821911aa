import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import {
  baseEnv,
  freePort,
  spawnService,
  waitFor,
  type SpawnedService,
  testToken,
  type TestDatabase,
  startService,
} from '@rcc/testing';

/**
 * /metrics scraped by a real Prometheus (Debian's `prometheus` package; .ci/run installs it, and this suite fails
 * without it): outbox backlog and age, consumer lag and dead letters per topic, GraphQL latency and errors per operation;
 * a council's SSDA903 import duration and rows; the gateway's latency and failures per subgraph (ADR 0045).
 */
describe('metrics scraped by a real Prometheus', () => {
  let db: TestDatabase;
  let service: SpawnedService;
  let councilDb: TestDatabase;
  let council: SpawnedService;
  let gateway: SpawnedService;
  let prometheus: ChildProcess | undefined;
  let promUrl: string;
  let dir: string;

  const query = async (q: string) => {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await res.json()) as {
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    return body.data.result;
  };

  beforeAll(async () => {
    const version = spawnSync('prometheus', ['--version'], { encoding: 'utf8' });
    if (version.status !== 0) {
      throw new Error('the prometheus binary is missing: apt-get install prometheus (.ci/run installs it)');
    }
    ({ db, service } = await startService('commissioning', 'metrics', {
      topicPrefix: `metr${randomUUID().slice(0, 8)}.`,
      env: { RCC_REGION_COUNCILS: 'E10000028,E06000021' },
    }));
    ({ db: councilDb, service: council } = await startService('council', 'metrics_council', {
      topicPrefix: `metc${randomUUID().slice(0, 8)}.`,
      env: { COUNCIL_CODE: 'E10000028', COUNCIL_NAME: 'Staffordshire', RCC_SHARING: 'need-snapshot' },
    }));
    // Stoke's instance is down (nothing listens there): the gateway's calls to it fail and are counted.
    const nowhere = `http://127.0.0.1:${await freePort()}/graphql`;
    gateway = await spawnService('gateway', {
      ...baseEnv(),
      PORT: String(await freePort()),
      RCC_SUBGRAPHS: `registry=${service.graphqlUrl},commissioning=${service.graphqlUrl},analytics=${service.graphqlUrl}`,
      RCC_COUNCILS: `E10000028=${council.graphqlUrl},E06000021=${nowhere}`,
    });
    dir = mkdtempSync(join(tmpdir(), 'rcc-prometheus-'));
    const targets = [service, council, gateway].map((s) => `'${new URL(s.url).host}'`).join(', ');
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: rcc\n    static_configs:\n      - targets: [${targets}]\n`,
    );
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
  }, 900_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await gateway?.stop();
    await council?.stop();
    await service?.stop();
    await councilDb?.drop();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('scrapes every service metric, with GraphQL latency and errors per operation', async () => {
    const gql = (body: Record<string, unknown>) =>
      fetch(service.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await gql({ query: 'query Probe { __typename }', operationName: 'Probe' });
    await gql({ query: 'query Broken { noSuchField }', operationName: 'Broken' });

    const up = await waitFor(async () => {
      const r = await query('up{job="rcc"}');
      return r.length === 3 && r.every((t) => t.value[1] === '1') ? r : undefined;
    }, 'Prometheus to scrape the three services');
    expect(up[0]!.metric['job']).toBe('rcc');

    const series = async (q: string) =>
      waitFor(async () => {
        const r = await query(q);
        return r.length > 0 ? r : undefined;
      }, `Prometheus to hold ${q}`);
    const backlog = await series('rcc_outbox_backlog{service="commissioning"}');
    expect(backlog[0]!.metric).toMatchObject({ service: 'commissioning' });
    expect(Number(backlog[0]!.value[1])).toBe(0);
    expect(Number((await series('rcc_outbox_oldest_age_seconds{service="commissioning"}'))[0]!.value[1])).toBe(0);
    expect((await series('rcc_inbox_dead_letters{service="commissioning"}')).map((r) => r.metric['topic'])).toContain(
      'rcc.council.placement',
    );
    const lag = await series('rcc_consumer_lag{service="commissioning"}');
    expect(lag.map((r) => r.metric['topic'])).toContain('rcc.council.placement');
    expect(Number((await series('rcc_graphql_errors_total{operation="Broken"}'))[0]!.value[1])).toBe(1);
    expect((await query('rcc_graphql_errors_total{operation="Probe"}')).length).toBe(0);
    const probes = await series('rcc_graphql_request_duration_seconds_count{operation="Probe"}');
    expect(Number(probes[0]!.value[1])).toBe(1);
    expect((await series('process_resident_memory_bytes')).length).toBe(3);
  }, 120_000);

  it("times the council's SSDA903 import and counts its rows by table", async () => {
    const files = ['header', 'episodes'].map((t) => ({
      name: `2021-${t}.csv`,
      content: readFileSync(join(repoRoot(), 'infra/demo/ssda903', `2021-${t}.csv`), 'utf8'),
    }));
    const token = await testToken({ subject: 'analyst', roles: ['council.analyst'], council: 'E10000028' });
    const imported = await graphqlRequest<{ importSsda903: { files: { table: string; rows: number }[] } }>(
      council.graphqlUrl,
      `mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { files { table rows } } }`,
      { token, variables: { input: { files } } },
    );
    expect(imported.errors).toBeUndefined();
    const read = new Map(imported.data!.importSsda903.files.map((f) => [f.table, f.rows]));
    const rows = await waitFor(async () => {
      const r = await query('rcc_import_rows_total{service="council"}');
      return r.length === read.size ? r : undefined;
    }, 'Prometheus to hold the import rows');
    for (const r of rows) expect(Number(r.value[1])).toBe(read.get(r.metric['table']!));
    const timed = await waitFor(async () => {
      const r = await query('rcc_import_duration_seconds_count{service="council",outcome="imported"}');
      return r.length === 1 ? r : undefined;
    }, 'Prometheus to hold the import duration');
    expect(Number(timed[0]!.value[1])).toBe(1);
  }, 300_000);

  it("counts the gateway's calls and failures per subgraph", async () => {
    const ask = async (council: string) =>
      graphqlRequest(gateway.graphqlUrl, 'query Sharing { sharingAgreement { dataset shared } }', {
        token: await testToken({ subject: `placements-${council}`, roles: ['council.placements'], council }),
      });
    expect((await ask('E10000028')).errors).toBeUndefined();
    expect((await ask('E06000021')).errors).toBeDefined();
    const calls = await waitFor(async () => {
      const r = await query('rcc_gateway_subgraph_request_duration_seconds_count{subgraph="council:E10000028"}');
      return r.length > 0 ? r : undefined;
    }, 'Prometheus to hold the calls to the Staffordshire instance');
    expect(calls[0]!.metric).toMatchObject({ service: 'gateway', outcome: 'ok' });
    expect(Number(calls[0]!.value[1])).toBeGreaterThanOrEqual(1);
    const failed = await waitFor(async () => {
      const r = await query('rcc_gateway_subgraph_errors_total{subgraph="council:E06000021",outcome="network-error"}');
      return r.length > 0 && Number(r[0]!.value[1]) >= 1 ? r : undefined;
    }, 'Prometheus to hold the failed calls to the Stoke instance');
    expect(failed[0]!.metric['service']).toBe('gateway');
    const none = await query('rcc_gateway_subgraph_errors_total{subgraph="council:E10000028",outcome="network-error"}');
    expect(Number(none[0]!.value[1])).toBe(0);
  }, 120_000);
});
