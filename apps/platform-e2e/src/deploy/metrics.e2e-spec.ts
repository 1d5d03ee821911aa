import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  baseEnv,
  createTestDatabase,
  freePort,
  spawnService,
  waitFor,
  type SpawnedService,
  type TestDatabase,
} from '@rcc/testing';

/**
 * /metrics scraped by a real Prometheus (Debian's `prometheus` package; .ci/run installs it, and this suite fails
 * without it): outbox backlog and age, consumer lag and dead letters per topic, GraphQL latency and errors per operation.
 */
describe('metrics scraped by a real Prometheus', () => {
  let db: TestDatabase;
  let service: SpawnedService;
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
    db = await createTestDatabase('metrics');
    service = await spawnService('commissioning', {
      ...baseEnv(),
      KAFKA_TOPIC_PREFIX: `metr${randomUUID().slice(0, 8)}.`,
      RCC_REGION_COUNCILS: 'E10000028,E06000021',
      PORT: String(await freePort()),
      DATABASE_URL: db.url,
    });
    dir = mkdtempSync(join(tmpdir(), 'rcc-prometheus-'));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: rcc\n    static_configs:\n      - targets: ['${new URL(service.url).host}']\n`,
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
  }, 180_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await service?.stop();
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
      return r[0]?.value[1] === '1' ? r : undefined;
    }, 'Prometheus to scrape the service');
    expect(up[0]!.metric['job']).toBe('rcc');

    const series = async (q: string) =>
      waitFor(async () => {
        const r = await query(q);
        return r.length > 0 ? r : undefined;
      }, `Prometheus to hold ${q}`);
    const backlog = await series('rcc_outbox_backlog');
    expect(backlog[0]!.metric).toMatchObject({ service: 'commissioning' });
    expect(Number(backlog[0]!.value[1])).toBe(0);
    expect(Number((await series('rcc_outbox_oldest_age_seconds'))[0]!.value[1])).toBe(0);
    expect((await series('rcc_inbox_dead_letters')).map((r) => r.metric['topic'])).toContain('rcc.council.placement');
    const lag = await series('rcc_consumer_lag');
    expect(lag.map((r) => r.metric['topic'])).toContain('rcc.council.placement');
    expect(Number((await series('rcc_graphql_errors_total{operation="Broken"}'))[0]!.value[1])).toBe(1);
    expect((await query('rcc_graphql_errors_total{operation="Probe"}')).length).toBe(0);
    const probes = await series('rcc_graphql_request_duration_seconds_count{operation="Probe"}');
    expect(Number(probes[0]!.value[1])).toBe(1);
    expect((await series('process_resident_memory_bytes')).length).toBe(1);
  }, 120_000);
});
