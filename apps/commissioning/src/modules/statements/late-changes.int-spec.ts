import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  createModelContract,
  journalInvariants,
  ledgerFixture,
  useMigratedTemplate,
} from '../../test/ledger-fixture.js';
import {
  closeContractPeriod,
  councilCharge,
  dayNumber,
  isoDate,
  periodDays,
  type VoidSharing,
} from '../../domain/index.js';
import type { BlockContract } from '../contracts/contract.model.js';
import { BlockPlacementRefusedError } from '../placements/placements.exception.js';

/**
 * Issue 23, "done means": random sequences of placements, late starts and ends (reported after their month closed),
 * and period closes, through both ways a placement arrives (the council's reservation and its event), on real
 * PostgreSQL. Afterwards every statement reconciles, every placement is either in the ledger or was refused exactly
 * when a naive model says it must be, and what each council is charged over all statements (month figures plus
 * arrears, corrections) equals every bed-night of the final facts costed once: nothing lost, nothing twice.
 */
const COUNCILS = ['E06000001', 'E10000003'];
const START = '2025-01-01';
const END = '2025-04-01'; // contracts run January to March
const TODAY = '2025-06-01'; // events keep arriving until May ends
const PERIODS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05'];
const RUNS = Number(process.env['RCC_LATE_MODEL_RUNS'] ?? 12);

const arbContract = fc.record({
  beds: fc.integer({ min: 1, max: 3 }),
  weekly: fc.integer({ min: 1, max: 1_500_000 }),
  mode: fc.constantFrom<'beds' | 'shares'>('beds', 'shares'),
  ownBeds: fc.boolean(),
  weights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 2 }),
});

const arbOp = fc.record({
  gap: fc.nat(9),
  lag: fc.oneof(fc.constant(0), fc.nat(70)),
  kind: fc.constantFrom('start', 'start', 'end', 'market'),
  via: fc.constantFrom<'reserve' | 'event'>('reserve', 'event'),
  council: fc.nat(1),
  target: fc.nat(1),
  pick: fc.nat(1_000),
  weekly: fc.integer({ min: 1, max: 1_000_000 }),
});

interface ModelPlacement {
  id: string;
  council: string;
  contract: number | null;
  weekly: number;
  start: number;
  end: number | null;
}

describe('late changes and closes against a naive model (property)', () => {
  const template = useMigratedTemplate();

  it(`costs or refuses every placement and keeps every statement reconciled over ${RUNS} random histories`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbContract, { minLength: 1, maxLength: 2 }),
        fc.array(arbOp, { maxLength: 40 }),
        async (specs, ops) => {
          const f = await ledgerFixture(template(), COUNCILS);
          try {
            const contracts: BlockContract[] = [];
            for (const spec of specs) {
              const voidSharing: VoidSharing = spec.mode === 'beds' && spec.ownBeds ? 'own-beds' : 'pooled-by-share';
              contracts.push(await createModelContract(f, COUNCILS, spec, { start: START, end: END, voidSharing }));
            }
            const model: ModelPlacement[] = [];
            const refused: string[] = [];
            const active = (p: ModelPlacement, n: number) => p.start <= n && (p.end === null || n < p.end);
            const mustRefuse = (k: number, start: number) => {
              if (start < dayNumber(START) || start >= dayNumber(END)) return true;
              for (let n = start; n < dayNumber(END); n++)
                if (model.filter((p) => p.contract === k && active(p, n)).length + 1 > specs[k]!.beds) return true;
              return false;
            };

            let day = dayNumber(START);
            const closed: string[] = [];
            const closeEnded = async (today: number) => {
              for (const period of PERIODS)
                if (!closed.includes(period) && periodDays(period).end <= today) {
                  await f.periodClose.closePeriod(period, 'model', isoDate(today));
                  closed.push(period);
                }
            };
            for (const op of ops) {
              day += op.gap;
              if (day >= dayNumber(TODAY)) break;
              await closeEnded(day);
              const effective = Math.max(dayNumber(START), day - op.lag);
              const council = COUNCILS[op.council]!;
              if (op.kind === 'end') {
                const open = model.filter((p) => p.end === null);
                if (open.length === 0) continue;
                const p = open[op.pick % open.length]!;
                p.end = Math.max(p.start, effective);
                await f.endPlacement({ placementId: p.id, councilCode: p.council, endDate: isoDate(p.end) });
                continue;
              }
              const k = op.kind === 'market' ? null : op.target % contracts.length;
              const p: ModelPlacement = {
                id: randomUUID(),
                council,
                contract: k,
                weekly: k === null ? op.weekly : specs[k]!.weekly,
                start: effective,
                end: null,
              };
              const facts = {
                placementId: p.id,
                councilCode: council,
                settingUrn: 'SC000001',
                route: (k === null ? 'spot' : 'block') as 'block',
                ...(k === null ? {} : { contractId: contracts[k]!.id }),
                startDate: isoDate(p.start),
                weeklyCostPence: p.weekly,
              };
              const refuse = k !== null && mustRefuse(k, p.start);
              if (k !== null && op.via === 'reserve') {
                const answer = await f.dataSource
                  .transaction((em) =>
                    f.placements.reserve(em, {
                      ...facts,
                      placementCategory: 'residential',
                      childPseudonym: 'a'.repeat(64),
                    }),
                  )
                  .then(
                    () => 'accepted',
                    (e: unknown) => {
                      if (e instanceof BlockPlacementRefusedError) return 'refused';
                      throw e;
                    },
                  );
                expect({ id: p.id, answer }).toEqual({ id: p.id, answer: refuse ? 'refused' : 'accepted' });
                if (answer === 'refused') {
                  refused.push(p.id);
                  continue;
                }
              }
              await f.startPlacement(facts); // the council's event (confirms a reservation)
              if (refuse) refused.push(p.id);
              else model.push(p);
            }
            await closeEnded(dayNumber(TODAY));
            expect(closed).toEqual(PERIODS);

            // Every placement is in the ledger, as the model has it, or was refused; no bed is left on hold.
            const rows = (await f.dataSource.query(
              `SELECT id, to_char(start_date, 'YYYY-MM-DD') AS s, to_char(end_date, 'YYYY-MM-DD') AS e, confirmed
               FROM placement ORDER BY id`,
            )) as { id: string; s: string; e: string | null; confirmed: boolean }[];
            expect(rows).toEqual(
              [...model]
                .sort((a, b) => (a.id < b.id ? -1 : 1))
                .map((p) => ({
                  id: p.id,
                  s: isoDate(p.start),
                  e: p.end === null ? null : isoDate(p.end),
                  confirmed: true,
                })),
            );
            expect(f.deadLetters.length).toBe(refused.filter((id) => !rows.some((r) => r.id === id)).length);

            // The journal: balanced, and every commitment released (the whole term costed).
            expect(await journalInvariants(f.dataSource)).toMatchObject({ unbalanced: 0, empty: 0, total: 0 });
            for (const [account, balance] of await f.ledger.balances())
              if (account.endsWith(':commitment')) expect({ account, balance }).toEqual({ account, balance: 0 });

            // Every statement reconciles; over all of them, each council pays for the final facts exactly once.
            const paid = new Map<string, number>(COUNCILS.map((c) => [c, 0]));
            for (const period of PERIODS) {
              const s = await f.statements.statements(period, { kind: 'hub' });
              expect([...s.councils, ...s.contracts].every((x) => x.reconciles)).toBe(true);
              for (const c of s.councils) paid.set(c.councilCode, paid.get(c.councilCode)! + c.payablePence);
            }
            const owed = new Map<string, number>(COUNCILS.map((c) => [c, 0]));
            let blockTotal = 0;
            const terms = await f.contracts.loadTerms(
              f.dataSource.manager,
              contracts.map((c) => c.id),
            );
            for (const period of PERIODS) {
              const { start, end } = periodDays(period);
              for (const [k, spec] of specs.entries()) {
                const t = terms.find((x) => x.id === contracts[k]!.id)!;
                const placements = model
                  .filter((p) => p.contract === k)
                  .map((p) => ({ id: p.id, councilCode: p.council, startDay: p.start, endDay: p.end }));
                const month = closeContractPeriod(t, period, placements);
                for (const c of COUNCILS) owed.set(c, owed.get(c)! + councilCharge(month.lines, c));
                const nights = Math.max(0, Math.min(end, dayNumber(END)) - Math.max(start, dayNumber(START)));
                blockTotal += Math.round((spec.beds * nights * spec.weekly) / 7);
              }
              for (const p of model.filter((q) => q.contract === null)) {
                const n = Math.max(0, Math.min(end, p.end ?? end) - Math.max(start, p.start));
                owed.set(p.council, owed.get(p.council)! + Math.round((n * p.weekly) / 7));
                blockTotal += Math.round((n * p.weekly) / 7);
              }
            }
            expect(Object.fromEntries(paid)).toEqual(Object.fromEntries(owed));
            expect([...paid.values()].reduce((a, b) => a + b, 0)).toBe(blockTotal);
          } finally {
            await f.close();
          }
        },
      ),
      { numRuns: RUNS, seed: 20261205, endOnFailure: true },
    );
  });
});
