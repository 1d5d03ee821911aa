import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '@rcc/platform';
import { openReferralInput, startRegion, waitFor, type SpawnedService, type TestRegion } from '@rcc/testing';
import { demoChild } from '../fixtures/referral.js';

/**
 * One referral followed across three services by its correlation id (docs/adr/0045): the council opens it and
 * records its placement (both events carry the id the referral was given), the registry handles the opening, and
 * commissioning handles the placement into its ledger; each writes JSON log lines with that same id.
 */
const STAFFS = { code: 'E10000028', name: 'Staffordshire', sample: '2021' };
const json = { RCC_LOG_FORMAT: 'json' };

describe('a correlation id in the JSON logs of council, registry and commissioning', () => {
  let region: TestRegion;
  let token: string;
  let analyst: string;
  let hub: string;

  const service = (name: string): SpawnedService => region.services.find((s) => s.name.startsWith(name))!;
  const lines = (s: SpawnedService) =>
    s
      .logs()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const gql = async <T>(who: string, query: string, variables?: Record<string, unknown>) => {
    const r = await region.gql<T>(query, who, variables);
    if (r.errors) throw new Error(`${JSON.stringify(r.errors)}\n${region.logs().slice(-4000)}`);
    return r.data!;
  };

  beforeAll(async () => {
    region = await startRegion({
      councils: [STAFFS],
      env: { council: json, registry: json, commissioning: json, analytics: json, gateway: json },
    });
    hub = await region.token({ subject: 'hub-1', roles: ['hub.commissioner'] });
    analyst = await region.token({ subject: 'analyst', roles: ['council.analyst'], council: STAFFS.code });
    token = await region.token({ subject: 'placements', roles: ['council.placements'], council: STAFFS.code });
    const csv = (name: string) => readFileSync(join(repoRoot(), 'infra/demo', name), 'utf8');
    await gql(hub, `mutation($input: ImportProvidersInput!) { importProviders(input: $input) { rows } }`, {
      input: { files: [{ name: 'providers.csv', content: csv('providers/providers.csv') }] },
    });
    await gql(analyst, `mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { children } }`, {
      input: {
        files: ['header', 'episodes'].map((t) => ({
          name: `${STAFFS.sample}-${t}.csv`,
          content: csv(`ssda903/${STAFFS.sample}-${t}.csv`),
        })),
      },
    });
  }, 600_000);

  afterAll(async () => {
    await region?.stop();
  });

  it('follows one referral from its opening to its placement in the ledger', async () => {
    const { settings } = await gql<{ settings: { urn: string }[] }>(hub, '{ settings { urn } }');
    const childId = demoChild(STAFFS.sample);
    const opened = await gql<{ openReferral: { id: string } }>(
      token,
      `mutation($input: OpenReferralInput!) { openReferral(input: $input) { id } }`,
      { input: openReferralInput(childId) },
    );
    await gql(token, `mutation($input: RecordPlacementInput!) { recordPlacement(input: $input) { id } }`, {
      input: {
        referralId: opened.openReferral.id,
        settingUrn: settings[0]!.urn,
        route: 'spot',
        weeklyCostPence: 420_000,
        startDate: '2025-01-06',
      },
    });

    const council = service('council');
    const published = await waitFor(
      async () => lines(council).find((l) => /^published council\.referral-opened\.v2 /.test(String(l['msg']))),
      `the council to publish the referral\n${region.logs().slice(-3000)}`,
    );
    const correlationId = published['correlationId'] as string;
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const inChain = (s: SpawnedService, msg: RegExp) =>
      waitFor(
        async () => lines(s).find((l) => l['correlationId'] === correlationId && msg.test(String(l['msg']))),
        `${s.name} to log ${msg} with ${correlationId}\n${region.logs().slice(-3000)}`,
        120_000,
      );
    const samples = [
      published,
      await inChain(council, /^published council\.placement-started\.v1 /),
      await inChain(service('registry'), /^handled council\.referral-opened\.v2 /),
      await inChain(service('commissioning'), /^handled council\.placement-started\.v1 /),
    ];
    for (const l of samples) expect(l).toMatchObject({ level: 'info', correlationId });
    expect(new Set(samples.map((l) => l['service']))).toEqual(new Set(['council', 'registry', 'commissioning']));
    // For the report: one line per service.
    process.stdout.write(`${samples.map((l) => JSON.stringify(l)).join('\n')}\n`);
    // Nothing identifying: the child's id is in no log line of any service.
    expect(region.logs()).not.toContain(`"${childId}"`);
  }, 300_000);
});
