import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ContractPeriodClosedV1Event, type PlacementCategory } from '@rcc/contracts';
import { enqueueEvent } from '@rcc/messaging';
import { dateInWords, monthInWords } from '@rcc/platform';
import { dayNumber, isoDate, nextPeriod, periodDays } from '../../domain/index.js';
import { ContractsService } from '../contracts/contracts.service.js';
import { LedgerError } from '../ledger/ledger.exception.js';
import { LedgerService, PERIOD_LOCK } from '../ledger/ledger.service.js';
import { CostingService } from './costing.service.js';
import { NO_FIGURES, type Figures } from './statement-figures.js';
import type { PeriodStatements } from './statement.model.js';
import { StatementsService } from './statements.service.js';

/**
 * Monthly close: every block contract's month (occupied, void, shared voids, recharges) and every non-block
 * placement's cost, posted to the journal in one transaction, with a snapshot of each statement and a
 * contract-period-closed event per contract. Reading the statements back is StatementsService's.
 */
@Injectable()
export class PeriodCloseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly contracts: ContractsService,
    private readonly costing: CostingService,
    private readonly statements: StatementsService,
  ) {}

  async closePeriod(
    period: string,
    actor: string,
    today: string = new Date().toISOString().slice(0, 10),
  ): Promise<PeriodStatements> {
    const { start, end } = periodDays(period);
    if (end > dayNumber(today))
      throw new LedgerError(
        'PERIOD_NOT_ENDED',
        `${monthInWords(period)} has not ended yet: its last night is ${dateInWords(isoDate(end - 1))}`,
      );
    await this.dataSource.transaction(async (em) => {
      await em.query(PERIOD_LOCK);
      const [latest] = (await em.query(`SELECT max(period) AS period FROM period_close`)) as {
        period: string | null;
      }[];
      if (latest?.period && period <= latest.period) {
        const [same] = (await em.query(`SELECT 1 FROM period_close WHERE period = $1`, [period])) as unknown[];
        if (same) throw new LedgerError('PERIOD_ALREADY_CLOSED', `${monthInWords(period)} is already closed`);
        throw new LedgerError(
          'PERIOD_OUT_OF_ORDER',
          `${monthInWords(latest.period)} is closed, and ${monthInWords(period)} comes before it`,
        );
      }
      if (latest?.period && period !== nextPeriod(latest.period))
        throw new LedgerError(
          'PERIOD_OUT_OF_ORDER',
          `Close ${monthInWords(nextPeriod(latest.period))} before ${monthInWords(period)}`,
        );
      if (!latest?.period) {
        // The first close is the first month anything happened in, so no month with activity is ever skipped.
        const [first] = (await em.query(
          `SELECT to_char(least((SELECT min(start_date) FROM block_contract), (SELECT min(start_date) FROM placement)),
                          'YYYY-MM') AS period`,
        )) as { period: string | null }[];
        if (first?.period && period > first.period)
          throw new LedgerError(
            'PERIOD_OUT_OF_ORDER',
            `Close ${monthInWords(first.period)} first: it is the first month with activity`,
          );
      }
      await em.query(`INSERT INTO period_close (period, closed_by) VALUES ($1, $2)`, [period, actor]);
      await this.closeContracts(em, period, start, end, actor);
      await this.closeMarket(em, period, actor);
      await this.costing.correctClosedMonths(em, period, actor);
    });
    return this.statements.statements(period, { kind: 'hub' });
  }

  private async closeContracts(em: EntityManager, period: string, start: number, end: number, actor: string) {
    const ids = await this.contracts.runningIds(em, start, end);
    const terms = await this.contracts.loadTerms(em, ids, 'share');
    const categories = new Map(
      (
        (await em.query(`SELECT id, placement_category FROM block_contract WHERE id = ANY($1::uuid[])`, [ids])) as {
          id: string;
          placement_category: PlacementCategory;
        }[]
      ).map((r) => [r.id, r.placement_category]),
    );
    for (const t of terms) {
      const { placements, month } = await this.costing.contractMonth(em, t, period);
      if (month.lines.length > 0) {
        await this.ledger.post(em, {
          idempotencyKey: `period-close:${period}:${t.id}`,
          kind: 'period-close',
          description: `Block contract ${t.id}, ${period}: ${month.occupiedBedNights} of ${month.bedNights} bed-nights occupied`,
          period,
          contractId: t.id,
          lines: month.lines,
          postedBy: actor,
        });
      }
      await this.snapshot(em, period, t.id, null, 'block', {
        placements: placements.length,
        bedNights: month.bedNights,
        occupied: month.occupiedBedNights,
        void: month.voidBedNights,
        figures: {
          committed: month.costPence,
          used: month.councils.reduce((a, c) => a + c.usedPence, 0),
          void: month.voidCostPence,
          rechargesIn: month.councils.reduce((a, c) => a + c.rechargesInPence, 0),
          rechargesOut: month.councils.reduce((a, c) => a + c.rechargesOutPence, 0),
          spend: 0,
        },
      });
      for (const c of month.councils) {
        await this.snapshot(em, period, t.id, c.councilCode, 'block', {
          placements: placements.filter((p) => p.councilCode === c.councilCode).length,
          bedNights: 0,
          occupied: c.occupiedBedNights,
          void: 0,
          figures: {
            committed: c.committedPence,
            used: c.usedPence,
            void: c.voidSharePence,
            rechargesIn: c.rechargesInPence,
            rechargesOut: c.rechargesOutPence,
            spend: 0,
          },
        });
      }
      await enqueueEvent(em, ContractPeriodClosedV1Event, {
        producer: 'commissioning',
        tenant: null,
        key: t.id,
        payload: {
          contractId: t.id,
          period,
          placementCategory: categories.get(t.id)!,
          bedNights: month.bedNights,
          occupiedBedNights: month.occupiedBedNights,
          voidBedNights: month.voidBedNights,
          costPence: month.costPence,
          voidCostPence: month.voidCostPence,
          councils: month.councils.map((c) => ({
            councilCode: c.councilCode,
            committedPence: c.committedPence,
            occupiedPence: c.usedPence - c.rechargesInPence + c.rechargesOutPence,
            voidSharePence: c.voidSharePence,
            rechargesInPence: c.rechargesInPence,
            rechargesOutPence: c.rechargesOutPence,
          })),
        },
      });
    }
  }

  private async closeMarket(em: EntityManager, period: string, actor: string) {
    const { spend, lines } = await this.costing.marketMonth(em, period);
    if (lines.length > 0) {
      await this.ledger.post(em, {
        idempotencyKey: `market-spend:${period}`,
        kind: 'market-spend',
        description: `Spot, framework, DPS and in-house placements, ${period}`,
        period,
        lines,
        postedBy: actor,
      });
    }
    for (const s of spend) {
      await this.snapshot(em, period, null, s.councilCode, s.route, {
        placements: s.placements,
        bedNights: s.bedNights,
        occupied: s.bedNights,
        void: 0,
        figures: { ...NO_FIGURES, spend: s.spendPence },
      });
    }
  }

  private async snapshot(
    em: EntityManager,
    period: string,
    contractId: string | null,
    councilCode: string | null,
    route: string | null,
    s: { placements: number; bedNights: number; occupied: number; void: number; figures: Figures },
  ) {
    await em.query(
      `INSERT INTO statement_line (period, contract_id, council_code, route, placements, bed_nights, occupied_bed_nights,
         void_bed_nights, committed_pence, used_pence, void_pence, recharges_in_pence, recharges_out_pence, spend_pence)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        period,
        contractId,
        councilCode,
        route,
        s.placements,
        s.bedNights,
        s.occupied,
        s.void,
        s.figures.committed,
        s.figures.used,
        s.figures.void,
        s.figures.rechargesIn,
        s.figures.rechargesOut,
        s.figures.spend,
      ],
    );
  }
}
