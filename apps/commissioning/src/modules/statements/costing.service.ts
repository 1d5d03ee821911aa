import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toPence } from '../../platform/index.js';
import { ContractsService } from '../contracts/contracts.service.js';
import {
  type BedOffer,
  type BlockPlacement,
  CapacityExceededError,
  closeContractPeriod,
  type ContractPeriod,
  type ContractTerms,
  correctionLines,
  dayNumber,
  isoDate,
  type LedgerLine,
  type MarketPlacement,
  marketSpend,
  periodDays,
  type SpendLine,
  spendLines,
} from '../../domain/index.js';
import { LedgerError } from '../ledger/ledger.exception.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { PLACEMENT_COLUMNS, toBlockPlacement } from '../placements/capacity.js';

/**
 * A month costed from the facts as they stand (placements, offers, contract terms): what period close posts, and
 * what later closes compare with the journal to post arrears and corrections for months already closed
 * (docs/adr/0041).
 */
@Injectable()
export class CostingService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly contracts: ContractsService,
  ) {}

  async contractMonth(
    em: EntityManager,
    terms: ContractTerms,
    period: string,
  ): Promise<{ placements: BlockPlacement[]; month: ContractPeriod }> {
    const { start, end } = periodDays(period);
    const placements = (
      (await em.query(
        `SELECT ${PLACEMENT_COLUMNS} FROM placement WHERE contract_id = $1 AND start_date < $2
         AND (end_date IS NULL OR end_date > $3)`,
        [terms.id, isoDate(end), isoDate(start)],
      )) as Parameters<typeof toBlockPlacement>[0][]
    ).map(toBlockPlacement);
    const offers: BedOffer[] = (await this.contracts.offers(em, [terms.id])).map((o) => ({
      councilCode: o.councilCode,
      fromDay: dayNumber(o.fromDate),
      toDay: dayNumber(o.toDate),
    }));
    try {
      return { placements, month: closeContractPeriod(terms, period, placements, offers) };
    } catch (error) {
      if (error instanceof CapacityExceededError) throw new LedgerError('OVER_CAPACITY', error.message);
      throw error;
    }
  }

  async marketMonth(em: EntityManager, period: string): Promise<{ spend: SpendLine[]; lines: LedgerLine[] }> {
    const { start, end } = periodDays(period);
    const rows = (await em.query(
      `SELECT ${PLACEMENT_COLUMNS} FROM placement WHERE route <> 'block' AND start_date < $1
       AND (end_date IS NULL OR end_date > $2)`,
      [isoDate(end), isoDate(start)],
    )) as (Parameters<typeof toBlockPlacement>[0] & { route: string; weekly_cost_pence: number })[];
    const placements: MarketPlacement[] = rows.map((r) => ({
      ...toBlockPlacement(r),
      route: r.route,
      weeklyCostPence: r.weekly_cost_pence,
    }));
    const spend = marketSpend(period, placements);
    return { spend, lines: spendLines(spend) };
  }

  /**
   * At the close of `period`: every month closed before it is costed again from today's facts and compared with
   * what its automatic entries (its close and earlier corrections) hold. A difference is posted in `period` as an
   * explicit entry labelled with the month it belongs to: `arrears` when nothing had been posted for that month
   * (e.g. a contract recorded after the month closed), `correction` when a late change altered it. Hand-posted
   * adjustments and reversals are the hub's own decisions and are left standing.
   */
  async correctClosedMonths(em: EntityManager, period: string, actor: string): Promise<number> {
    const closed = (
      (await em.query(`SELECT period FROM period_close WHERE period < $1 ORDER BY period`, [period])) as {
        period: string;
      }[]
    ).map((r) => r.period);
    let posted = 0;
    for (const month of closed) {
      const { start, end } = periodDays(month);
      const ids = await this.contracts.runningIds(em, start, end);
      const names = new Map(
        (
          (await em.query(`SELECT id, name FROM block_contract WHERE id = ANY($1::uuid[])`, [ids])) as {
            id: string;
            name: string;
          }[]
        ).map((r) => [r.id, r.name]),
      );
      for (const terms of await this.contracts.loadTerms(em, ids, 'share')) {
        const { month: costed } = await this.contractMonth(em, terms, month);
        const before = await this.automaticLines(em, month, terms.id);
        const what = `block contract ${names.get(terms.id) || terms.id} (${terms.id})`;
        if (await this.postDifference(em, period, month, terms.id, costed.lines, before, what, actor)) posted += 1;
      }
      const market = await this.marketMonth(em, month);
      const before = await this.automaticLines(em, month, null);
      if (await this.postDifference(em, period, month, null, market.lines, before, 'placements outside blocks', actor))
        posted += 1;
    }
    return posted;
  }

  private async postDifference(
    em: EntityManager,
    period: string,
    month: string,
    contractId: string | null,
    costed: readonly LedgerLine[],
    before: readonly LedgerLine[],
    what: string,
    actor: string,
  ): Promise<boolean> {
    const lines = correctionLines(costed, before);
    if (lines.length === 0) return false;
    const label = before.length === 0 ? 'arrears' : 'correction';
    const why =
      label === 'arrears'
        ? `recorded after ${month} closed`
        : `changes reported after ${month} closed (late placements, ends or offers)`;
    await this.ledger.post(em, {
      idempotencyKey: `${label}:${period}:${month}:${contractId ?? 'market'}`,
      kind: 'correction',
      description: `${label === 'arrears' ? 'Arrears' : 'Correction'} for ${month}, ${what}: ${why}`,
      period,
      relatesToPeriod: month,
      contractId,
      lines,
      postedBy: actor,
    });
    return true;
  }

  /** What the journal's automatic entries (close and corrections, never hand entries) hold for a month. */
  private async automaticLines(em: EntityManager, month: string, contractId: string | null): Promise<LedgerLine[]> {
    const rows = (await em.query(
      `SELECT l.account, l.kind, l.council_code, l.contract_id, l.route, sum(l.amount_pence)::text AS amount
       FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
       WHERE coalesce(e.relates_to_period, e.period) = $1
         AND e.kind IN ('period-close', 'market-spend', 'correction')
         AND ${contractId === null ? 'e.contract_id IS NULL' : 'e.contract_id = $2'}
       GROUP BY 1, 2, 3, 4, 5`,
      contractId === null ? [month] : [month, contractId],
    )) as {
      account: string;
      kind: LedgerLine['kind'];
      council_code: string | null;
      contract_id: string | null;
      route: string | null;
      amount: string;
    }[];
    return rows
      .map((r) => ({
        account: r.account,
        kind: r.kind,
        councilCode: r.council_code,
        contractId: r.contract_id,
        route: r.route,
        amountPence: toPence(r.amount),
      }))
      .filter((l) => l.amountPence !== 0);
  }
}
