import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { councilIndicators, needSnapshot, parseReturns } from '@rcc/ssda903';
import { simulateRegion, type SimulatedRegion } from '@rcc/simulator';
import { startRegion, testToken, waitFor, type TestRegion } from '@rcc/testing';
import { importRegion } from './commands/simulate.js';

/**
 * The simulated region through the platform's own interfaces: each council's five simulated returns go into its own
 * instance through the gateway (as `rcc simulate --gateway` and `npm start` send them), on real PostgreSQL and Kafka.
 * The platform accepts every file, each instance's figures are the ones the returns hold, and the regional
 * analytics receives every council's snapshot.
 */
describe('rcc simulate --gateway', () => {
  let region: TestRegion;
  let simulated: SimulatedRegion;

  beforeAll(async () => {
    // Two councils of the simulated region (the smallest pair, to keep the run short): Telford and Herefordshire.
    const full = simulateRegion({ seed: 7, councils: 5, years: 5 });
    simulated = { ...full, councils: full.councils.slice(3) };
    region = await startRegion({ councils: simulated.councils.map((c) => ({ code: c.code, name: c.name })) });
  }, 600_000); // six service processes: minutes on a loaded machine

  afterAll(async () => {
    await region?.stop();
  });

  it('imports every council through the gateway; each instance counts what its returns hold', async () => {
    const imported = await importRegion(region.gatewayUrl, simulated, undefined, (p) => testToken(p));
    expect(imported.map((r) => r.alreadyImported)).toEqual([false, false]);
    for (const [i, council] of simulated.councils.entries()) {
      const parsed = await parseReturns(council.files);
      const expected = needSnapshot(parsed.header, parsed.episodes, '2026-03-31');
      expect(imported[i]).toMatchObject({
        code: council.code,
        children: council.childIds.length,
        snapshotAsAt: '2026-03-31',
        snapshotTotal: expected.total,
      });
      // The council's own indicators: placement locations are real (PL_LA), so out-of-area is known for everyone.
      const token = await region.token({
        subject: `a-${council.code}`,
        roles: ['council.analyst'],
        council: council.code,
      });
      const result = await region.gql<{
        councilIndicators: { lookedAfter: number; outOfArea: { count: number; of: number; unknown: number } };
      }>(`{ councilIndicators(asAt: "2026-03-31") { lookedAfter outOfArea { count of unknown } } }`, token);
      expect(result.errors).toBeUndefined();
      const local = councilIndicators(parsed.header, parsed.episodes, '2026-03-31', council.code);
      expect(result.data!.councilIndicators).toEqual({ lookedAfter: expected.total, outOfArea: local.outOfArea });
      expect(local.outOfArea!.unknown).toBe(0);
    }
    // Re-running the simulation and import changes nothing.
    const again = await importRegion(region.gatewayUrl, simulated, undefined, (p) => testToken(p));
    expect(again.map((r) => r.alreadyImported)).toEqual([true, true]);
  }, 600_000);

  it('gets every council into the regional profile the hub publishes', async () => {
    const hub = await region.token({ subject: 'hub', roles: ['hub.commissioner'] });
    const published = await waitFor(
      async () => {
        const r = await region.gql<{ publishDemandProfile: { version: number; notContributing: string[] } }>(
          `mutation { publishDemandProfile(asAt: "2026-03-31") { version notContributing } }`,
          hub,
        );
        return r.data?.publishDemandProfile.notContributing.length === 0 ? r.data.publishDemandProfile : undefined;
      },
      'both simulated councils to reach analytics',
      90_000,
      1_000,
    );
    expect(published.version).toBeGreaterThanOrEqual(1);
  }, 300_000);
});
