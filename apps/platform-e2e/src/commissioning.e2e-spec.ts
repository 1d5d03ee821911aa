import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '@rcc/auth';
import { repoRoot } from '@rcc/platform';
import { openReferralInput, sql, startRegion, waitFor, type TestRegion } from '@rcc/testing';

/** Bids are refused after the deadline (docs/adr/0052): a deadline that has not passed whenever the test runs. */
const BIDS_CLOSE = `${new Date().getUTCFullYear() + 1}-12-31`;

/**
 * Commissioning end to end, as separate processes on real PostgreSQL and Kafka behind the gateway: a joint tender from
 * draft to award (hub and provider tokens), then a two-bed block contract running January-March 2025 with
 * placements recorded by two councils on their own instances (events through the broker), a void period, a recharge
 * when Stoke uses Staffordshire's offered bed, three period closes, and statements that reconcile to the journal to
 * the penny.
 *
 * Prices are chosen so every figure is exact: £7,000 a bed a week is £1,000 (100,000p) a bed-night.
 */
const STAFFS = { code: 'E10000028', name: 'Staffordshire', sample: '2021' };
const STOKE = { code: 'E06000021', name: 'Stoke-on-Trent', sample: '2020' };
const NIGHT = 100_000;

const samples = (year: string) =>
  ['header', 'episodes'].map((t) => ({
    name: `${year}-${t}.csv`,
    content: readFileSync(join(repoRoot(), 'infra/demo/ssda903', `${year}-${t}.csv`), 'utf8'),
  }));
const childIds = (year: string) =>
  readFileSync(join(repoRoot(), 'infra/demo/ssda903', `${year}-header.csv`), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split(',')[0]!);

const TENDER_FIELDS = `id status lots { id beds termMonths contractId } councils { councilCode basisPoints beds }
  history { from to }`;

describe('commissioning: tender to award, three months of a block contract, statements that reconcile', () => {
  let region: TestRegion;
  const tokens: Record<string, string> = {};
  // Two providers of the demo provider list, each bidding with a setting of its own (issue 15: only its own).
  let providerA: string;
  let providerB: string;
  let settingA: string;
  let settingB: string;
  let tenderId: string;
  let lotId: string;
  let contractId: string;

  const gql = async <T>(who: string, query: string, variables?: Record<string, unknown>) => {
    const r = await region.gql<T>(query, tokens[who], variables);
    if (r.errors) throw new Error(`${who}: ${JSON.stringify(r.errors)}\n${region.logs().slice(-4000)}`);
    return r.data!;
  };
  const gqlError = async (who: string, query: string, variables?: Record<string, unknown>) => {
    const r = await region.gql(query, tokens[who], variables);
    expect(r.errors).toBeDefined();
    return r.errors![0]!;
  };

  beforeAll(async () => {
    region = await startRegion({ councils: [STAFFS, STOKE] });
    const issue = async (key: string, p: Principal) => (tokens[key] = await region.token(p));
    await issue('hub', { subject: 'hub-1', roles: ['hub.commissioner'] });
    await gql('hub', `mutation($input: ImportProvidersInput!) { importProviders(input: $input) { rows } }`, {
      input: {
        files: [
          {
            name: 'providers.csv',
            content: readFileSync(join(repoRoot(), 'infra/demo/providers/providers.csv'), 'utf8'),
          },
        ],
      },
    });
    const { settings } = await gql<{ settings: { urn: string; providerId: string }[] }>(
      'hub',
      '{ settings { urn providerId } }',
    );
    const first = settings[0]!;
    const second = settings.find((s) => s.providerId !== first.providerId)!;
    [providerA, settingA, providerB, settingB] = [first.providerId, first.urn, second.providerId, second.urn];
    await issue('providerA', { subject: 'provider-a', roles: ['provider.user'], provider: providerA });
    await issue('providerB', { subject: 'provider-b', roles: ['provider.user'], provider: providerB });
    for (const [key, c] of [
      ['staffs', STAFFS],
      ['stoke', STOKE],
    ] as const) {
      await issue(`${key}Analyst`, { subject: `analyst-${key}`, roles: ['council.analyst'], council: c.code });
      await issue(`${key}`, { subject: `placements-${key}`, roles: ['council.placements'], council: c.code });
    }
  }, 600_000);

  afterAll(async () => {
    await region?.stop();
  });

  it('runs a joint tender from draft to award through the gateway, refusing an illegal transition', async () => {
    const created = await gql<{ createTender: { id: string; status: string; lots: { id: string }[] } }>(
      'hub',
      `mutation($input: CreateTenderInput!) { createTender(input: $input) { ${TENDER_FIELDS} } }`,
      {
        input: {
          title: 'Two-bed home for teenagers with complex needs, Stoke-on-Trent',
          priceWeight: 60,
          qualityWeight: 40,
          qualityQuestions: ['How will you keep children safe from exploitation?'],
          timetable: { publishOn: '2024-11-01', bidsCloseOn: BIDS_CLOSE, awardBy: BIDS_CLOSE },
          lots: [
            {
              title: 'Lot 1: two beds',
              settingType: 'childrens-home',
              needs: ['emotional-behavioural'],
              locality: 'ST4',
              beds: 2,
              termMonths: 3,
            },
          ],
          councils: [
            { councilCode: STAFFS.code, beds: 1 },
            { councilCode: STOKE.code, beds: 1 },
          ],
        },
      },
    );
    tenderId = created.createTender.id;
    lotId = created.createTender.lots[0]!.id;
    expect(created.createTender.status).toBe('draft');

    const move = (name: string) =>
      `mutation($input: TenderTransitionInput!) { ${name}(input: $input) { ${TENDER_FIELDS} } }`;
    // Illegal: a draft cannot open for bids.
    const illegal = await gqlError('hub', move('openTenderForBids'), { input: { tenderId } });
    expect(illegal.extensions?.['code']).toBe('ILLEGAL_TRANSITION');
    expect(illegal.message).toBe('a tender cannot go from draft to open (from draft: published or abandoned)');
    const notAnId = await gqlError('hub', `{ tender(id: "not-a-uuid") { id } }`);
    expect([notAnId.extensions?.['code'], notAnId.message]).toEqual([
      'BAD_REQUEST',
      'Validation failed (uuid is expected)',
    ]);
    // Providers cannot see a draft, nor run the lifecycle.
    expect((await gql<{ tenders: unknown[] }>('providerA', '{ tenders { id } }')).tenders).toEqual([]);
    expect((await gqlError('providerA', move('publishTender'), { input: { tenderId } })).extensions?.['code']).toBe(
      'FORBIDDEN',
    );

    await gql('hub', move('publishTender'), { input: { tenderId } });
    await gql('hub', move('openTenderForBids'), { input: { tenderId } });

    const SUBMIT = `mutation($input: SubmitBidInput!) { submitBid(input: $input) { id provider { id } weeklyPricePerBedPence } }`;
    const bid = (price: number, settingUrn = settingA) => ({
      lotId,
      settingUrns: [settingUrn],
      beds: 2,
      weeklyPricePerBedPence: price,
      startDate: '2025-01-01',
      qualityAnswers: [
        { question: 0, answer: 'Trained staff, missing-from-home protocol, weekly multi-agency review.' },
      ],
    });
    // Issue 15: a provider cannot bid with another provider's setting (nor with one nobody holds).
    const foreign = await gqlError('providerB', SUBMIT, { input: bid(650_000, settingA) });
    expect([foreign.extensions?.['code'], foreign.message]).toEqual([
      'SETTING_NOT_YOURS',
      `a bid may name only your own provider's settings; not yours: ${settingA}`,
    ]);
    expect((await gqlError('providerA', SUBMIT, { input: bid(1, 'SC999001') })).extensions?.['code']).toBe(
      'SETTING_NOT_YOURS',
    );
    const a = await gql<{ submitBid: { id: string } }>('providerA', SUBMIT, { input: bid(700_000) });
    const b = await gql<{ submitBid: { id: string } }>('providerB', SUBMIT, { input: bid(650_000, settingB) });
    expect((await gqlError('providerA', SUBMIT, { input: bid(1) })).extensions?.['code']).toBe('BID_EXISTS');

    // Providers see only their own bids; councils see the tender they are in, not the bids.
    const own = await gql<{ bids: { id: string; provider: { id: string } }[] }>(
      'providerA',
      '{ bids { id provider { id } } }',
    );
    expect(own.bids).toEqual([{ id: a.submitBid.id, provider: { id: providerA } }]);
    expect((await gql<{ tenders: { id: string }[] }>('stokeAnalyst', '{ tenders { id } }')).tenders).toEqual([
      { id: tenderId },
    ]);
    expect((await gqlError('stokeAnalyst', '{ bids { id } }')).extensions?.['code']).toBe('FORBIDDEN');

    await gql('hub', move('closeTenderBidding'), { input: { tenderId } });
    expect((await gqlError('providerA', SUBMIT, { input: bid(1) })).extensions?.['code']).toBe('BIDDING_CLOSED');
    const SCORE = `mutation($input: ScoreBidInput!) { scoreBid(input: $input) { id qualityScore } }`;
    // Awarding before every bid is scored is refused, and the tender stays in evaluation.
    await gql('hub', SCORE, { input: { bidId: a.submitBid.id, qualityScore: 90 } });
    expect((await gqlError('hub', move('awardTender'), { input: { tenderId } })).extensions?.['code']).toBe(
      'EVALUATION_INCOMPLETE',
    );
    await gql('hub', SCORE, { input: { bidId: b.submitBid.id, qualityScore: 40 } });

    const evaluation = await gql<{
      tenderEvaluation: {
        complete: boolean;
        ranking: { rank: number; totalBp: number; explanation: string; bid: { id: string } }[];
      }[];
    }>(
      'hub',
      `query($id: ID!) { tenderEvaluation(tenderId: $id) { complete ranking { rank totalBp explanation bid { id } } } }`,
      { id: tenderId },
    );
    const [lot] = evaluation.tenderEvaluation;
    expect(lot!.complete).toBe(true);
    // A: 650/700 = 92.86% x 60% + 90 x 40% = 91.72%; B: 100% x 60% + 40 x 40% = 76.00%.
    expect(lot!.ranking.map((r) => [r.bid.id, r.rank, r.totalBp])).toEqual([
      [a.submitBid.id, 1, 9172],
      [b.submitBid.id, 2, 7600],
    ]);
    expect(lot!.ranking[0]!.explanation).toContain('quality 90/100 x 40% = 91.72%');

    const awarded = await gql<{
      awardTender: { status: string; lots: { contractId: string }[]; history: { to: string }[] };
    }>('hub', move('awardTender'), { input: { tenderId } });
    expect(awarded.awardTender.status).toBe('awarded');
    expect(awarded.awardTender.history.map((h) => h.to)).toEqual(['published', 'open', 'evaluation', 'awarded']);
    contractId = awarded.awardTender.lots[0]!.contractId;
    expect(
      (await gqlError('hub', move('abandonTender'), { input: { tenderId, reason: 'too late' } })).extensions?.['code'],
    ).toBe('ILLEGAL_TRANSITION');

    const CONTRACTS = `{ blockContracts { id provider { id } beds weeklyPricePerBedPence startDate endDate allocationMode
      shares { councilCode basisPoints beds } outstandingCommitmentPence } }`;
    const hubView = await gql<{ blockContracts: Record<string, unknown>[] }>('hub', CONTRACTS);
    expect(hubView.blockContracts).toEqual([
      {
        id: contractId,
        provider: { id: providerA },
        beds: 2,
        weeklyPricePerBedPence: 700_000,
        startDate: '2025-01-01',
        endDate: '2025-04-01',
        allocationMode: 'beds',
        shares: [
          { councilCode: STOKE.code, basisPoints: 5000, beds: 1 },
          { councilCode: STAFFS.code, basisPoints: 5000, beds: 1 },
        ],
        outstandingCommitmentPence: 2 * 90 * NIGHT, // 18,000,000p: beyond GraphQL's 32-bit Int only in bigger contracts
      },
    ]);
    expect((await gql<{ blockContracts: unknown[] }>('providerB', '{ blockContracts { id } }')).blockContracts).toEqual(
      [],
    );
    expect(
      (await gql<{ blockContracts: unknown[] }>('providerA', '{ blockContracts { id } }')).blockContracts,
    ).toHaveLength(1);
    const outbox = await sql<{ event_type: string }>(
      region.databases['commissioning']!.url,
      `SELECT event_type FROM outbox ORDER BY seq`,
    );
    // The publication notice (ADR 0061), the award, then an outcome notice for each of the two live bids (ADR 0052).
    expect(outbox.map((o) => o.event_type)).toEqual([
      'commissioning.tender-published.v1',
      'commissioning.contract-awarded.v1',
      'commissioning.tender-outcome.v1',
      'commissioning.tender-outcome.v1',
    ]);
  });

  it('runs three months of placements from two councils with a void period and a recharge, and closes them', async () => {
    const commissioning = region.databases['commissioning']!.url;
    for (const [key, c] of [
      ['staffs', STAFFS],
      ['stoke', STOKE],
    ] as const) {
      await gql(
        `${key}Analyst`,
        `mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { children } }`,
        { input: { files: samples(c.sample) } },
      );
    }
    const staffsChildren = childIds(STAFFS.sample);
    const stokeChildren = childIds(STOKE.sample);
    const place = async (council: 'staffs' | 'stoke', childId: string, input: Record<string, unknown>) => {
      const opened = await gql<{ openReferral: { id: string } }>(
        council,
        `mutation($input: OpenReferralInput!) { openReferral(input: $input) { id } }`,
        { input: openReferralInput(childId) },
      );
      await gql(council, `mutation($input: RecordPlacementInput!) { recordPlacement(input: $input) { id } }`, {
        input: { referralId: opened.openReferral.id, settingUrn: settingA, ...input },
      });
      return opened.openReferral.id;
    };
    const end = (council: 'staffs' | 'stoke', referralId: string, endDate: string) =>
      gql(council, `mutation($input: EndPlacementInput!) { endPlacement(input: $input) { id } }`, {
        input: { referralId, endDate },
      });
    const block = (startDate: string) => ({ route: 'block', contractId, weeklyCostPence: 700_000, startDate });
    const seen = (where: string, n: number) =>
      waitFor(
        async () =>
          Number(
            (await sql<{ n: string }>(commissioning, `SELECT count(*) AS n FROM placement WHERE ${where}`))[0]!.n,
          ) === n,
        `commissioning to hold ${n} placements where ${where}\n${region.logs().slice(-3000)}`,
        60_000,
      );

    // Staffordshire's child fills its bed 1 January - 28 February.
    const s1 = await place('staffs', staffsChildren[0]!, block('2025-01-01'));
    // Stoke's first child 10 January - 31 January; its bed is then void 1-14 February; a second child from 15 February.
    const k1 = await place('stoke', stokeChildren[0]!, block('2025-01-10'));
    await end('stoke', k1, '2025-02-01');
    await place('stoke', stokeChildren[1]!, block('2025-02-15'));
    // A spot placement by Stoke, 5 January - 28 February, at £5,000 a week.
    const spot = await place('stoke', stokeChildren[2]!, {
      route: 'spot',
      weeklyCostPence: 500_000,
      startDate: '2025-01-05',
    });
    await end('stoke', spot, '2025-03-01');
    await end('staffs', s1, '2025-03-01');
    await seen(`end_date IS NOT NULL`, 3);
    await seen(`route = 'block'`, 3);

    // Staffordshire offers its now-empty bed for March; Stoke uses it from 10 March: Stoke is recharged.
    await gql('staffs', `mutation($input: OfferBlockBedsInput!) { offerBlockBeds(input: $input) { id } }`, {
      input: { contractId, fromDate: '2025-03-01', toDate: '2025-04-01' },
    });
    await place('stoke', stokeChildren[3]!, block('2025-03-10'));
    await seen(`route = 'block'`, 4);

    // A council cannot close periods; the hub closes January to March in order.
    const CLOSE = `mutation($input: ClosePeriodInput!) { closePeriod(input: $input) { period } }`;
    expect((await gqlError('staffs', CLOSE, { input: { period: '2025-01' } })).extensions?.['code']).toBe('FORBIDDEN');
    expect((await gqlError('hub', CLOSE, { input: { period: '2025-02' } })).message).toBe(
      'Close January 2025 first: it is the first month with activity',
    );
    await gql('hub', CLOSE, { input: { period: '2025-01' } });
    expect((await gqlError('hub', CLOSE, { input: { period: '2025-03' } })).extensions?.['code']).toBe(
      'PERIOD_OUT_OF_ORDER',
    );
    for (const period of ['2025-02', '2025-03']) await gql('hub', CLOSE, { input: { period } });
    expect((await gqlError('hub', CLOSE, { input: { period: '2025-03' } })).extensions?.['code']).toBe(
      'PERIOD_ALREADY_CLOSED',
    );
  });

  it('produces statements per council and per contract that reconcile to the journal to the penny', async () => {
    const STATEMENTS = `query($input: ClosePeriodInput!) { periodStatements(input: $input) {
      period
      councils { councilCode committedPence usedPence voidPence rechargesInPence rechargesOutPence blockNetPence
                 spend { route spendPence bedNights } totalPence reconciles }
      contracts { contractId bedNights occupiedBedNights voidBedNights costPence voidCostPence reconciles
                  councils { councilCode occupiedBedNights committedPence usedPence voidPence rechargesInPence
                             rechargesOutPence netPence } } } }`;
    type Statements = {
      periodStatements: {
        councils: Record<string, unknown>[];
        contracts: (Record<string, unknown> & { councils: Record<string, unknown>[] })[];
      };
    };
    const line = (councilCode: string, nights: number, used: number, voidShare: number, rIn: number, rOut: number) => ({
      councilCode,
      occupiedBedNights: nights,
      committedPence: 31 * NIGHT, // set per month below
      usedPence: used,
      voidPence: voidShare,
      rechargesInPence: rIn,
      rechargesOutPence: rOut,
      netPence: used + voidShare + rOut - rIn,
    });
    /** The contract's month: its bed-nights, of which `voids` void, each at the nightly price. */
    const blockMonth = (bedNights: number, voids: number) => ({
      bedNights,
      occupiedBedNights: bedNights - voids,
      voidBedNights: voids,
      costPence: bedNights * NIGHT,
      voidCostPence: voids * NIGHT,
    });
    const expected = {
      '2025-01': {
        contract: blockMonth(62, 9),
        committed: 31 * NIGHT,
        lines: [line(STOKE.code, 22, 22 * NIGHT, 450_000, 0, 0), line(STAFFS.code, 31, 31 * NIGHT, 450_000, 0, 0)],
        spot: { route: 'spot', bedNights: 27, spendPence: Math.round((27 * 500_000) / 7) },
      },
      '2025-02': {
        contract: blockMonth(56, 14),
        committed: 28 * NIGHT,
        lines: [line(STOKE.code, 14, 14 * NIGHT, 700_000, 0, 0), line(STAFFS.code, 28, 28 * NIGHT, 700_000, 0, 0)],
        spot: { route: 'spot', bedNights: 28, spendPence: 2_000_000 },
      },
      '2025-03': {
        contract: blockMonth(62, 9),
        committed: 31 * NIGHT,
        // Stoke: its own bed all month (31) and Staffordshire's offered bed from the 10th (22 nights, recharged).
        lines: [
          line(STOKE.code, 53, 31 * NIGHT, 450_000, 0, 22 * NIGHT),
          line(STAFFS.code, 0, 22 * NIGHT, 450_000, 22 * NIGHT, 0),
        ],
        spot: null,
      },
    } as const;

    let staffsTotal = 0;
    for (const [period, e] of Object.entries(expected)) {
      const s = (await gql<Statements>('hub', STATEMENTS, { input: { period } })).periodStatements;
      expect(s.contracts).toHaveLength(1);
      const [contract] = s.contracts;
      expect(contract).toMatchObject({ contractId, ...e.contract, reconciles: true });
      expect(contract!.councils).toEqual(e.lines.map((l) => ({ ...l, committedPence: e.committed })));
      const byCode = Object.fromEntries(s.councils.map((c) => [c.councilCode, c]));
      for (const l of e.lines) {
        expect(byCode[l.councilCode]).toMatchObject({
          committedPence: e.committed,
          usedPence: l.usedPence,
          voidPence: l.voidPence,
          rechargesInPence: l.rechargesInPence,
          rechargesOutPence: l.rechargesOutPence,
          blockNetPence: l.netPence,
          reconciles: true,
        });
      }
      expect(byCode[STOKE.code]!['spend']).toEqual(e.spot ? [e.spot] : []);
      expect(byCode[STOKE.code]!['totalPence']).toBe(e.lines[0].netPence + (e.spot?.spendPence ?? 0));
      staffsTotal += byCode[STAFFS.code]!['totalPence'] as number;

      // A council sees its own statement and the contracts it shares in, never the other council's statement.
      const own = (await gql<Statements>('staffsAnalyst', STATEMENTS, { input: { period } })).periodStatements;
      expect(own.councils.map((c) => c.councilCode)).toEqual([STAFFS.code]);
      expect(own.contracts.map((c) => c.contractId)).toEqual([contractId]);
    }
    expect(staffsTotal).toBe(3_550_000 + 3_500_000 + 450_000);

    // The journal alone: every entry balances, all balances sum to zero, commitments fully released.
    const check = await gql<{ ledgerCheck: { entries: number; unbalancedEntries: number; totalPence: number } }>(
      'hub',
      '{ ledgerCheck { entries unbalancedEntries totalPence } }',
    );
    expect(check.ledgerCheck).toEqual({ entries: 1 + 3 + 2, unbalancedEntries: 0, totalPence: 0 });
    const balances = (
      await gql<{ accountBalances: { account: string; balancePence: number }[] }>(
        'hub',
        '{ accountBalances { account balancePence } }',
      )
    ).accountBalances;
    const balance = (account: string) => balances.find((b) => b.account === account)?.balancePence ?? 0;
    expect(balance(`contract:${contractId}:commitment`)).toBe(0);
    expect(balance(`council:${STAFFS.code}:commitment`)).toBe(0);
    expect(balance(`contract:${contractId}:payable`)).toBe(-(62 + 56 + 62) * NIGHT);
    expect(balance(`council:${STOKE.code}:recharge-out`)).toBe(22 * NIGHT);
    expect(balance(`council:${STAFFS.code}:recharge-in`)).toBe(-22 * NIGHT);
    expect(
      (
        await gql<{ blockContracts: { outstandingCommitmentPence: number }[] }>(
          'hub',
          '{ blockContracts { outstandingCommitmentPence } }',
        )
      ).blockContracts[0]!.outstandingCommitmentPence,
    ).toBe(0);
    // Councils do not read the journal.
    expect((await gqlError('staffsAnalyst', '{ ledgerCheck { entries } }')).extensions?.['code']).toBe('FORBIDDEN');

    // Contract and ledger events went out through the outbox for analytics.
    const outbox = await sql<{
      event_type: string;
      envelope: { payload: { period?: string; voidBedNights?: number } };
    }>(region.databases['commissioning']!.url, `SELECT event_type, envelope FROM outbox ORDER BY seq`);
    expect(
      outbox.map((o) => [o.event_type, o.envelope.payload.period ?? null, o.envelope.payload.voidBedNights ?? null]),
    ).toEqual([
      ['commissioning.tender-published.v1', null, null],
      ['commissioning.contract-awarded.v1', null, null],
      ['commissioning.tender-outcome.v1', null, null],
      ['commissioning.tender-outcome.v1', null, null],
      ['commissioning.contract-period-closed.v1', '2025-01', 9],
      ['commissioning.contract-period-closed.v1', '2025-02', 14],
      ['commissioning.contract-period-closed.v1', '2025-03', 9],
    ]);
  });
});
