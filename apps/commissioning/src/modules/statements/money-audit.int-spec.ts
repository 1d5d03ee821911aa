import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestDatabase } from '@rcc/testing';
import {
  blockChild,
  blockContractInput,
  journalInvariants,
  ledgerFixture,
  migratedTemplate,
  type LedgerFixture,
} from '../../test/ledger-fixture.js';
import { CommissioningConfig } from '../../platform/index.js';
import { BidsService } from '../bids/bids.service.js';
import type { CreateBlockContractInput } from '../contracts/dtos/contract.inputs.js';
import { TendersService } from '../tenders/tenders.service.js';

/**
 * Issue 23, audited as a council finance team would, on real PostgreSQL: each finding has a test here that fails on
 * the code before the fix. £1,000 a night keeps the figures readable.
 */
const A = 'E10000028';
const B = 'E06000021';
const C = 'E10000003'; // a member of the region with no share of the contracts below
const NIGHT = 100_000;

const contract = (over: Partial<CreateBlockContractInput> = {}) =>
  blockContractInput(
    [
      { councilCode: A, basisPoints: 6000 },
      { councilCode: B, basisPoints: 4000 },
    ],
    over,
  );

describe('money a finance team can audit (issue 23)', () => {
  let template: TestDatabase;
  let f: LedgerFixture;
  const child = blockChild;
  const reserve = (p: ReturnType<typeof child>) => f.dataSource.transaction((em) => f.placements.reserve(em, p));

  beforeAll(async () => {
    template = await migratedTemplate();
    f = await ledgerFixture(template, [A, B, C], { poolSize: 30 });
  });

  afterAll(async () => {
    await f?.close();
    await template?.drop();
  });

  it('finding 1: refuses a block placement in one place, with the reason, before anything is recorded', async () => {
    const k = await f.contracts.createDirect(contract(), 'hub');
    for (const council of [A, B, A]) await reserve(child(council, k.id, '2025-01-05'));
    const refusals = await Promise.all([
      reserve(child(B, k.id, '2025-01-05')).catch((e: unknown) => e),
      reserve(child(A, k.id, '2025-04-01')).catch((e: unknown) => e),
      reserve(child(C, k.id, '2025-01-05')).catch((e: unknown) => e),
      reserve(child(A, randomUUID(), '2025-01-05')).catch((e: unknown) => e),
    ]);
    expect(refusals.map((e) => [(e as { code: string }).code, (e as { reason: string }).reason])).toEqual([
      ['BLOCK_PLACEMENT_REFUSED', 'FULL'],
      ['BLOCK_PLACEMENT_REFUSED', 'OUTSIDE_TERM'],
      ['BLOCK_PLACEMENT_REFUSED', 'NOT_ITS_BEDS'],
      ['BLOCK_PLACEMENT_REFUSED', 'NO_SUCH_CONTRACT'],
    ]);
    expect((refusals[0] as Error).message).toMatch(/no free bed on 5 January 2025/);
    const [{ n }] = (await f.dataSource.query(`SELECT count(*)::int AS n FROM placement WHERE contract_id = $1`, [
      k.id,
    ])) as { n: number }[];
    expect(n).toBe(3);
  });

  it('finding 1: a reserved bed is confirmed by the council’s event, or given back when the council records nothing', async () => {
    const k = await f.contracts.createDirect(contract({ beds: 1 }), 'hub');
    const first = child(A, k.id, '2025-02-01');
    await reserve(first);
    await expect(reserve(child(B, k.id, '2025-02-01'))).rejects.toMatchObject({ reason: 'FULL' });
    // The council's transaction failed: it gives the bed back, and B now gets it.
    expect(await f.dataSource.transaction((em) => f.placements.release(em, first.placementId, A))).toBe(true);
    const second = child(B, k.id, '2025-02-01');
    await reserve(second);
    const { placementCategory: _c, childPseudonym: _p, ...event } = second;
    await f.startPlacement(event);
    const [row] = (await f.dataSource.query(`SELECT confirmed FROM placement WHERE id = $1`, [second.placementId])) as {
      confirmed: boolean;
    }[];
    expect(row!.confirmed).toBe(true);
    // Confirmed, it can no longer be released (and never by another council).
    expect(await f.dataSource.transaction((em) => f.placements.release(em, second.placementId, B))).toBe(false);
  });

  it('finding 4: a tender allocating 3/2 beds awarded for a 4-bed bid makes 2/2 beds at 50/50, not 60/40', async () => {
    const config = Object.assign(new CommissioningConfig(), { RCC_REGION_COUNCILS: [A, B, C].join(',') });
    const bids = new BidsService(f.dataSource);
    const tenders = new TendersService(f.dataSource, config, bids, f.contracts);
    const tender = await tenders.create(
      {
        title: 'Joint tender, one lot',
        priceWeight: 100,
        voidSharing: 'own-beds',
        lots: [
          { title: 'North lot', settingType: 'childrens-home', needs: [], locality: 'ST4', beds: 5, termMonths: 3 },
        ],
        councils: [
          { councilCode: A, beds: 3 },
          { councilCode: B, beds: 2 },
        ],
      },
      'hub',
    );
    for (const to of ['published', 'open'] as const) await tenders.move(tender.id, to, 'hub');
    const bid = await bids.submit(
      {
        lotId: tender.lots[0]!.id,
        settingUrns: ['SC100001'],
        beds: 4,
        weeklyPricePerBedPence: 7 * NIGHT,
        startDate: '2025-01-01',
        qualityAnswers: [],
      },
      randomUUID(),
      'provider',
    );
    await tenders.move(tender.id, 'evaluation', 'hub');
    await bids.score(bid.id, 70);
    const awarded = await tenders.award(tender.id, 'hub');
    const k = await f.contracts.get(awarded.lots[0]!.contractId!, { kind: 'hub' });
    expect(k).toMatchObject({ name: 'North lot', voidSharing: 'own-beds', beds: 4 });
    expect(k.shares.map((x) => [x.councilCode, x.beds, x.basisPoints])).toEqual([
      [B, 2, 5000],
      [A, 2, 5000],
    ]);
  });

  it('finding 5: twenty identical parallel createBlockContract calls make one contract and one commitment', async () => {
    const input = contract();
    const made = await Promise.all([...Array(20).keys()].map(() => f.contracts.createDirect(input, 'hub')));
    expect(new Set(made.map((c) => c.id)).size).toBe(1);
    const [{ n }] = (await f.dataSource.query(
      `SELECT count(*)::int AS n FROM journal_entry WHERE idempotency_key = $1`,
      [`commitment:${made[0]!.id}`],
    )) as { n: number }[];
    expect(n).toBe(1);
    await expect(f.contracts.createDirect({ ...input, beds: 2 }, 'hub')).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    });
  });

  it('finding 6: refuses out-of-bounds contracts up front with a clear error, and odd bed offers', async () => {
    const refused = async (over: Partial<CreateBlockContractInput>) =>
      ((await f.contracts.createDirect(contract(over), 'hub').catch((e: unknown) => e)) as Error).message;
    expect(await refused({ weeklyPricePerBedPence: 0 })).toMatch(/at least 1 penny/);
    expect(await refused({ endDate: '9999-12-31' })).toMatch(
      /The end date \(31 December 9999\) must be between 1 January 2000 and 31 December 2099/,
    );
    expect(await refused({ startDate: '2025-01-01', endDate: '2040-01-01' })).toMatch(/longer than ten years/);
    expect(await refused({ beds: 1000, weeklyPricePerBedPence: 100_000_000, endDate: '2034-12-31' })).toMatch(
      /worth \d+ pence, over the 25000000000 pence/,
    );
    const k = await f.contracts.createDirect(
      contract({
        councils: [
          { councilCode: A, beds: 2 },
          { councilCode: B, beds: 1 },
        ],
      }),
      'hub',
    );
    const offer = (councilCode: string | undefined, fromDate: string, toDate: string, caller = A) =>
      f.contracts
        .offerBeds(
          { contractId: k.id, fromDate, toDate, ...(councilCode ? { councilCode } : {}) },
          { kind: 'council', councilCode: caller },
          'officer',
        )
        .catch((e: unknown) => e as Error);
    expect(((await offer(undefined, '2024-12-01', '2025-02-01')) as Error).message).toBe(
      'The offer must lie inside Hillside three-bed block, which pays for nights from 1 January 2025 to 31 March 2025',
    );
    expect(((await offer(B, '2025-01-01', '2025-02-01')) as Error).message).toMatch(/offers only its own beds/);
    expect(await offer(undefined, '2025-01-01', '2025-02-01')).toMatchObject({ councilCode: A });
  });

  it('findings 2 and 3: arrears for a contract starting in a closed month, corrections for late changes, labelled in the next close', async () => {
    const g = await ledgerFixture(template, [A, B]);
    try {
      // January closes with nothing in it but a spot placement.
      await g.startPlacement({
        placementId: randomUUID(),
        councilCode: A,
        settingUrn: 'SC100009',
        route: 'spot',
        startDate: '2025-01-01',
        weeklyCostPence: 7 * NIGHT,
      });
      await g.periodClose.closePeriod('2025-01', 'hub', '2025-02-01');
      // Then a 2-bed contract that started on 1 January is recorded, and a child placed in it from 10 January.
      const k = await g.contracts.createDirect(
        contract({ beds: 2, startDate: '2025-01-01', endDate: '2025-03-01' }),
        'hub',
      );
      const late = {
        placementId: randomUUID(),
        councilCode: A,
        settingUrn: 'SC100001',
        route: 'block' as const,
        contractId: k.id,
        startDate: '2025-01-10',
        weeklyCostPence: 7 * NIGHT,
      };
      await g.startPlacement(late);
      await g.periodClose.closePeriod('2025-02', 'hub', '2025-03-01');
      const feb = await g.statements.statements('2025-02', { kind: 'hub' });
      const a = feb.councils.find((c) => c.councilCode === A)!;
      const arrears = a.adjustments.find((x) => x.label === 'arrears' && x.contractId === k.id)!;
      expect(arrears).toMatchObject({ relatesToPeriod: '2025-01', contractName: 'Hillside three-bed block' });
      // January: 62 bed-nights, 22 used by A, 40 void split 60/40.
      expect(arrears.chargePence).toBe(22 * NIGHT + 24 * NIGHT);
      expect(feb.councils.find((c) => c.councilCode === B)!.adjustments[0]!.chargePence).toBe(16 * NIGHT);
      expect(a.payablePence).toBe(a.totalPence + a.adjustmentsPence);
      expect(feb.councils.every((c) => c.reconciles)).toBe(true);
      // The whole term is now costed: nothing outstanding, nothing unbalanced.
      expect((await g.contracts.get(k.id, { kind: 'hub' })).outstandingCommitmentPence).toBe(0);

      // A late end: the spot placement really ended on 20 January (reported in March); a correction credits A.
      await g.endPlacement({ placementId: (await spotId(g)) ?? '', councilCode: A, endDate: '2025-01-20' });
      await g.periodClose.closePeriod('2025-03', 'hub', '2025-04-01');
      const mar = await g.statements.statements('2025-03', { kind: 'council', councilCode: A });
      const corrections = mar.councils[0]!.adjustments.filter((x) => x.label === 'correction');
      expect(corrections.map((x) => [x.relatesToPeriod, x.chargePence])).toEqual([
        ['2025-01', -12 * NIGHT],
        ['2025-02', -28 * NIGHT],
      ]);
      expect(mar.councils[0]!.reconciles).toBe(true);
      expect(await journalInvariants(g.dataSource)).toMatchObject({ unbalanced: 0, empty: 0, total: 0 });

      // A hand adjustment (idempotent), then its reversal, then the reversal reversed: every step is an entry.
      const input = {
        idempotencyKey: `adj-${randomUUID()}`,
        relatesToPeriod: '2025-02',
        contractId: k.id,
        reason: 'agreed credit for a bed out of use',
        lines: [{ councilCode: B, kind: 'void' as const, amountPence: -5 * NIGHT }],
      };
      const adj = await g.adjustments.post(input, 'hub');
      expect((await g.adjustments.post(input, 'hub')).id).toBe(adj.id);
      expect(adj).toMatchObject({ kind: 'adjustment', period: '2025-04', relatesToPeriod: '2025-02' });
      const rev = await g.ledger.reverse(adj.id, 'credit not agreed after all', 'hub');
      const rerev = await g.ledger.reverse(rev.entry.id, 'credit agreed after all', 'hub');
      expect(rerev.entry.lines.map((l) => l.amountPence)).toEqual(adj.lines.map((l) => l.amountPence));
      expect(rerev.entry).toMatchObject({
        kind: 'reversal',
        reversesEntryId: rev.entry.id,
        relatesToPeriod: '2025-02',
      });
      await expect(g.ledger.reverse(adj.id, 'again, differently', 'hub')).rejects.toMatchObject({
        code: 'ENTRY_ALREADY_REVERSED',
      });
      await expect(
        g.adjustments.post({ ...input, idempotencyKey: `adj-${randomUUID()}`, relatesToPeriod: '2025-06' }, 'hub'),
      ).rejects.toMatchObject({ code: 'ADJUSTMENT_INVALID' });
      await g.periodClose.closePeriod('2025-04', 'hub', '2025-05-01');
      const apr = await g.statements.statements('2025-04', { kind: 'hub' });
      const b = apr.councils.find((c) => c.councilCode === B)!;
      expect(b.adjustments.map((x) => [x.label, x.chargePence])).toEqual([
        ['adjustment', -5 * NIGHT],
        ['reversal', 5 * NIGHT],
        ['reversal', -5 * NIGHT],
      ]);
      expect(b.payablePence).toBe(-5 * NIGHT);
    } finally {
      await g.close();
    }
  });
});

async function spotId(g: LedgerFixture): Promise<string | undefined> {
  const [row] = (await g.dataSource.query(`SELECT id FROM placement WHERE route = 'spot'`)) as { id: string }[];
  return row?.id;
}
