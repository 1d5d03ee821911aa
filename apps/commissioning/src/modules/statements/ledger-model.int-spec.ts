import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  createModelContract,
  journalInvariants,
  ledgerFixture,
  useMigratedTemplate,
} from '../../test/ledger-fixture.js';
import type { BlockContract } from '../contracts/contract.model.js';
import { dayNumber, isoDate, periodDays } from '../../domain/index.js';

/**
 * Random histories of placements, moves and period closes, run through the real consumer and period close on real
 * PostgreSQL and compared with a deliberately naive in-memory model (counts every night of every placement). After
 * every history: each entry sums to zero, all balances sum to zero, statements equal journal sums, the model's
 * bed-nights and money agree, commitments are fully released at the end of the term.
 */
const COUNCILS = ['E06000001', 'E06000002', 'E10000003'];
const ROUTES = ['spot', 'framework-call-off', 'in-house'] as const;
const START = '2025-01-01';
const END = '2025-04-01'; // three months
const PERIODS = ['2025-01', '2025-02', '2025-03'];
const RUNS = Number(process.env['RCC_LEDGER_MODEL_RUNS'] ?? 25);

interface ModelPlacement {
  id: string;
  council: string;
  contract: number | null;
  route: string;
  weekly: number;
  start: number;
  end: number | null;
}

const arbContract = fc.record({
  beds: fc.integer({ min: 1, max: 3 }),
  weekly: fc.integer({ min: 1, max: 1_500_000 }),
  mode: fc.constantFrom<'beds' | 'shares'>('beds', 'shares'),
  weights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 3 }),
});

const arbOp = fc.record({
  gap: fc.nat(6),
  kind: fc.constantFrom('start', 'start', 'start', 'end', 'end', 'move', 'market'),
  council: fc.nat(2),
  target: fc.nat(1),
  pick: fc.nat(1_000),
  weekly: fc.integer({ min: 1, max: 1_000_000 }),
  route: fc.constantFrom(...ROUTES),
});

describe('ledger against an in-memory model on real PostgreSQL (property)', () => {
  const template = useMigratedTemplate();

  it(`keeps every invariant over ${RUNS} random three-month histories`, async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbContract, { minLength: 1, maxLength: 2 }),
        fc.array(arbOp, { maxLength: 45 }),
        async (contractSpecs, ops) => {
          runs += 1;
          const f = await ledgerFixture(template(), COUNCILS);
          try {
            const contracts: BlockContract[] = [];
            for (const spec of contractSpecs) {
              const c = await createModelContract(f, COUNCILS, spec, { start: START, end: END });
              contracts.push(c);
            }

            // The model.
            const placements: ModelPlacement[] = [];
            let rejected = 0;
            const active = (p: ModelPlacement, night: number) => p.start <= night && (p.end === null || night < p.end);
            const fits = (contract: number, start: number) => {
              for (let n = start; n < dayNumber(END); n++) {
                const count = placements.filter((p) => p.contract === contract && active(p, n)).length;
                if (count + 1 > contractSpecs[contract]!.beds) return false;
              }
              return true;
            };
            const start = async (council: string, contract: number | null, day: number, op: (typeof ops)[number]) => {
              const p: ModelPlacement = {
                id: randomUUID(),
                council,
                contract,
                route: contract === null ? op.route : 'block',
                weekly: contract === null ? op.weekly : contractSpecs[contract]!.weekly,
                start: day,
                end: null,
              };
              await f.startPlacement({
                placementId: p.id,
                councilCode: council,
                settingUrn: 'SC000001',
                route: p.route as 'block',
                ...(contract === null ? {} : { contractId: contracts[contract]!.id }),
                startDate: isoDate(day),
                weeklyCostPence: p.weekly,
              });
              if (contract !== null && !fits(contract, day)) rejected += 1;
              else placements.push(p);
            };
            const end = async (day: number, pick: number) => {
              const open = placements.filter((p) => p.end === null);
              if (open.length === 0) return null;
              const p = open[pick % open.length]!;
              p.end = day;
              await f.endPlacement({ placementId: p.id, councilCode: p.council, endDate: isoDate(day) });
              return p;
            };

            let day = dayNumber(START);
            const closed: string[] = [];
            const closeEnded = async (today: number) => {
              for (const period of PERIODS) {
                if (closed.includes(period) || periodDays(period).end > today) continue;
                await f.periodClose.closePeriod(period, 'model');
                closed.push(period);
              }
            };
            for (const op of ops) {
              day += op.gap;
              if (day >= dayNumber(END)) break;
              await closeEnded(day);
              const council = COUNCILS[op.council]!;
              const contract = op.target % contracts.length;
              if (op.kind === 'start') await start(council, contract, day, op);
              else if (op.kind === 'market') await start(council, null, day, op);
              else if (op.kind === 'end') await end(day, op.pick);
              else {
                // A move: the child leaves one placement and starts another (a block bed, or spot if the first was block).
                const moved = await end(day, op.pick);
                if (moved) await start(moved.council, moved.contract === null ? contract : null, day, op);
              }
            }
            await closeEnded(dayNumber(END));
            expect(closed).toEqual(PERIODS);

            // Invariants of the journal itself.
            expect(await journalInvariants(f.dataSource)).toMatchObject({ unbalanced: 0, empty: 0, total: 0 });
            expect(f.deadLetters).toHaveLength(rejected);
            const balances = await f.ledger.balances();
            expect([...balances.values()].reduce((a, b) => a + b, 0)).toBe(0);
            for (const [account, balance] of balances)
              if (account.endsWith(':commitment')) expect({ account, balance }).toEqual({ account, balance: 0 });

            for (const period of PERIODS) {
              const s = await f.statements.statements(period, { kind: 'hub' });
              const { start: from, end: to } = periodDays(period);
              const nights = to - from;
              for (const [i, spec] of contractSpecs.entries()) {
                const st = s.contracts.find((c) => c.contractId === contracts[i]!.id)!;
                expect(st.reconciles).toBe(true);
                const occupiedBy = (council: string) => {
                  let n = 0;
                  for (let night = from; night < to; night++)
                    n += placements.filter((p) => p.contract === i && p.council === council && active(p, night)).length;
                  return n;
                };
                const occupied = COUNCILS.reduce((a, c) => a + occupiedBy(c), 0);
                expect(st.bedNights).toBe(spec.beds * nights);
                expect(st.occupiedBedNights).toBe(occupied);
                expect(st.voidBedNights).toBe(spec.beds * nights - occupied);
                expect(st.costPence).toBe(Math.round((spec.beds * nights * spec.weekly) / 7));
                expect(st.councils.reduce((a, c) => a + c.netPence, 0)).toBe(st.costPence);
                expect(st.councils.reduce((a, c) => a + c.voidPence, 0)).toBe(st.voidCostPence);
                expect(st.councils.reduce((a, c) => a + c.rechargesInPence - c.rechargesOutPence, 0)).toBe(0);
                const share = contracts[i]!.shares;
                for (const line of st.councils) {
                  expect(line.occupiedBedNights).toBe(occupiedBy(line.councilCode));
                  const bp = share.find((x) => x.councilCode === line.councilCode)!.basisPoints;
                  expect(Math.abs(line.voidPence - (st.voidCostPence * bp) / 10_000)).toBeLessThanOrEqual(1);
                  if (spec.mode === 'shares') expect(line.rechargesOutPence + line.rechargesInPence).toBe(0);
                  else {
                    // Bed-nights beyond the council's own allocation are recharged at the contract rate.
                    const allocated = share.find((x) => x.councilCode === line.councilCode)!.beds!;
                    let excess = 0;
                    for (let night = from; night < to; night++) {
                      const here = placements.filter(
                        (p) => p.contract === i && p.council === line.councilCode && active(p, night),
                      ).length;
                      excess += Math.max(0, here - allocated);
                    }
                    expect(Math.abs(line.rechargesOutPence - (excess * spec.weekly) / 7)).toBeLessThanOrEqual(4);
                  }
                }
              }
              for (const council of COUNCILS) {
                const st = s.councils.find((c) => c.councilCode === council);
                const expectedSpend = new Map<string, number>();
                for (const p of placements.filter((q) => q.contract === null && q.council === council)) {
                  const n = Math.max(0, Math.min(to, p.end ?? to) - Math.max(from, p.start));
                  if (n > 0)
                    expectedSpend.set(p.route, (expectedSpend.get(p.route) ?? 0) + Math.round((n * p.weekly) / 7));
                }
                expect(Object.fromEntries((st?.spend ?? []).map((r) => [r.route, r.spendPence]))).toEqual(
                  Object.fromEntries(expectedSpend),
                );
                if (!st) continue;
                expect(st.reconciles).toBe(true);
                // The council's total equals its accounts' movements in the period, straight from the lines.
                const [{ total }] = (await f.dataSource.query(
                  `SELECT coalesce(sum(l.amount_pence), 0)::text AS total FROM journal_line l
                   JOIN journal_entry e ON e.id = l.entry_id
                   WHERE e.period = $1 AND l.account LIKE $2 AND l.account NOT LIKE '%:commitment'`,
                  [period, `council:${council}:%`],
                )) as { total: string }[];
                expect(st.totalPence).toBe(Number(total));
              }
            }
          } finally {
            await f.close();
          }
        },
      ),
      { numRuns: RUNS, seed: 20261123, endOnFailure: true },
    );
    expect(runs).toBeGreaterThanOrEqual(RUNS);
  });
});
