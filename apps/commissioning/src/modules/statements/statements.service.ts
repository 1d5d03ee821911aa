import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ContractPeriodClosedV1Event, type PlacementCategory } from '@rcc/contracts';
import { enqueueEvent } from '@rcc/messaging';
import { toPence } from '../../platform/postgres.js';
import type { Scope } from '../../platform/scope.js';
import { ContractsService } from '../contracts/contracts.service.js';
import { dayNumber, isoDate, nextPeriod, periodDays } from '../ledger/ledger-math.js';
import { LedgerError } from '../ledger/ledger.exception.js';
import { LedgerService, PERIOD_LOCK } from '../ledger/ledger.service.js';
import { AdjustmentsService } from './adjustments.service.js';
import { CostingService } from './costing.service.js';
import type { ContractCouncilLine, ContractStatement, CouncilStatement, PeriodStatements } from './statement.model.js';

interface SnapshotRow {
  contract_id: string | null;
  council_code: string | null;
  route: string | null;
  placements: number;
  bed_nights: number;
  occupied_bed_nights: number;
  void_bed_nights: number;
  committed_pence: string;
  used_pence: string;
  void_pence: string;
  recharges_in_pence: string;
  recharges_out_pence: string;
  spend_pence: string;
}

interface Figures {
  committed: number;
  used: number;
  void: number;
  rechargesIn: number;
  rechargesOut: number;
  spend: number;
}

const ZERO: Figures = { committed: 0, used: 0, void: 0, rechargesIn: 0, rechargesOut: 0, spend: 0 };
const key = (contract: string | null, council: string | null, route: string | null) =>
  `${contract ?? '-'}|${council ?? '-'}|${route ?? '-'}`;

/**
 * Monthly close: every block contract's month (occupied, void, shared voids, recharges) and every non-block
 * placement's cost, posted to the journal in one transaction, with a snapshot of each statement and a
 * contract-period-closed event per contract. Statements are read back from the journal itself.
 */
@Injectable()
export class StatementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly contracts: ContractsService,
    private readonly costing: CostingService,
    private readonly adjustments: AdjustmentsService,
  ) {}

  async closePeriod(
    period: string,
    actor: string,
    today: string = new Date().toISOString().slice(0, 10),
  ): Promise<PeriodStatements> {
    const { start, end } = periodDays(period);
    if (end > dayNumber(today))
      throw new LedgerError('PERIOD_NOT_ENDED', `${period} has not ended yet (its last night is ${isoDate(end - 1)})`);
    await this.dataSource.transaction(async (em) => {
      await em.query(PERIOD_LOCK);
      const [latest] = (await em.query(`SELECT max(period) AS period FROM period_close`)) as {
        period: string | null;
      }[];
      if (latest?.period && period <= latest.period) {
        const [same] = (await em.query(`SELECT 1 FROM period_close WHERE period = $1`, [period])) as unknown[];
        if (same) throw new LedgerError('PERIOD_ALREADY_CLOSED', `${period} is already closed`);
        throw new LedgerError('PERIOD_OUT_OF_ORDER', `${latest.period} is closed; ${period} comes before it`);
      }
      if (latest?.period && period !== nextPeriod(latest.period))
        throw new LedgerError('PERIOD_OUT_OF_ORDER', `close ${nextPeriod(latest.period)} before ${period}`);
      if (!latest?.period) {
        // The first close is the first month anything happened in, so no month with activity is ever skipped.
        const [first] = (await em.query(
          `SELECT to_char(least((SELECT min(start_date) FROM block_contract), (SELECT min(start_date) FROM placement)),
                          'YYYY-MM') AS period`,
        )) as { period: string | null }[];
        if (first?.period && period > first.period)
          throw new LedgerError('PERIOD_OUT_OF_ORDER', `close ${first.period}, the first month with activity, first`);
      }
      await em.query(`INSERT INTO period_close (period, closed_by) VALUES ($1, $2)`, [period, actor]);
      await this.closeContracts(em, period, start, end, actor);
      await this.closeMarket(em, period, actor);
      await this.costing.correctClosedMonths(em, period, actor);
    });
    return this.statements(period, { kind: 'hub' });
  }

  private async closeContracts(em: EntityManager, period: string, start: number, end: number, actor: string) {
    const ids = (
      (await em.query(`SELECT id FROM block_contract WHERE start_date < $1 AND end_date > $2 ORDER BY id`, [
        isoDate(end),
        isoDate(start),
      ])) as { id: string }[]
    ).map((r) => r.id);
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
        figures: { ...ZERO, spend: s.spendPence },
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

  /** Journal sums for a period, by (contract, council, route): the statements' figures. */
  async journalFigures(em: EntityManager | DataSource, period: string): Promise<Map<string, Figures>> {
    const rows = (await em.query(
      `SELECT l.contract_id, l.council_code, l.route, l.kind, sum(l.amount_pence)::text AS total
       FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
       WHERE e.period = $1 AND e.kind IN ('period-close', 'market-spend') GROUP BY 1, 2, 3, 4`,
      [period],
    )) as {
      contract_id: string | null;
      council_code: string | null;
      route: string | null;
      kind: string;
      total: string;
    }[];
    const out = new Map<string, Figures>();
    const add = (k: string, field: keyof Figures, amount: number) => {
      const f = out.get(k) ?? { ...ZERO };
      f[field] += amount;
      out.set(k, f);
    };
    for (const r of rows) {
      const amount = toPence(r.total);
      const k = key(r.contract_id, r.council_code, r.route);
      const contractKey = key(r.contract_id, null, 'block');
      switch (r.kind) {
        case 'commitment':
          // Council lines release (credit) the council's commitment; the contract line is the month's cost.
          if (r.council_code) add(k, 'committed', -amount);
          else add(contractKey, 'committed', amount);
          break;
        case 'used':
          add(k, 'used', amount);
          add(contractKey, 'used', amount);
          break;
        case 'void':
          add(k, 'void', amount);
          add(contractKey, 'void', amount);
          break;
        case 'recharge-in':
          add(k, 'rechargesIn', -amount);
          add(contractKey, 'rechargesIn', -amount);
          break;
        case 'recharge-out':
          add(k, 'rechargesOut', amount);
          add(contractKey, 'rechargesOut', amount);
          break;
        case 'spend':
          add(k, 'spend', amount);
          break;
        case 'payable':
        case 'market-payable':
          break;
        default:
          throw new Error(`unknown journal line kind ${r.kind}`);
      }
    }
    return out;
  }

  async statements(period: string, scope: Scope): Promise<PeriodStatements> {
    const [closed] = (await this.dataSource.query(`SELECT closed_at FROM period_close WHERE period = $1`, [
      period,
    ])) as {
      closed_at: Date;
    }[];
    if (!closed) throw new LedgerError('PERIOD_NOT_CLOSED', `${period} is not closed`);
    const snapshot = (await this.dataSource.query(
      `SELECT * FROM statement_line WHERE period = $1 ORDER BY contract_id NULLS LAST, council_code NULLS FIRST, route`,
      [period],
    )) as SnapshotRow[];
    const journal = await this.journalFigures(this.dataSource, period);
    const adjustments = await this.adjustments.forPeriod(period, scope);
    const contractInfo = new Map(
      (
        (await this.dataSource.query(
          `SELECT id, name, provider_id FROM block_contract WHERE id IN (SELECT contract_id FROM statement_line
           WHERE period = $1)`,
          [period],
        )) as { id: string; name: string; provider_id: string }[]
      ).map((r) => [r.id, r]),
    );
    const figuresOf = (r: SnapshotRow): Figures => ({
      committed: toPence(r.committed_pence),
      used: toPence(r.used_pence),
      void: toPence(r.void_pence),
      rechargesIn: toPence(r.recharges_in_pence),
      rechargesOut: toPence(r.recharges_out_pence),
      spend: toPence(r.spend_pence),
    });
    const same = (a: Figures, b: Figures) => (Object.keys(ZERO) as (keyof Figures)[]).every((f) => a[f] === b[f]);
    const fromJournal = (r: SnapshotRow) => journal.get(key(r.contract_id, r.council_code, r.route)) ?? { ...ZERO };

    const contractIds = [...new Set(snapshot.filter((r) => r.contract_id).map((r) => r.contract_id!))];
    const visibleContracts =
      scope.kind === 'hub'
        ? contractIds
        : scope.kind === 'council'
          ? contractIds.filter((id) =>
              snapshot.some((r) => r.contract_id === id && r.council_code === scope.councilCode),
            )
          : [];
    const contracts: ContractStatement[] = visibleContracts.map((id) => {
      const total = snapshot.find((r) => r.contract_id === id && r.council_code === null)!;
      const tj = fromJournal(total);
      let reconciles = same(figuresOf(total), tj);
      const councils: ContractCouncilLine[] = snapshot
        .filter((r) => r.contract_id === id && r.council_code !== null)
        .map((r) => {
          const j = fromJournal(r);
          reconciles &&= same(figuresOf(r), j);
          return {
            councilCode: r.council_code!,
            occupiedBedNights: r.occupied_bed_nights,
            committedPence: j.committed,
            usedPence: j.used,
            voidPence: j.void,
            rechargesInPence: j.rechargesIn,
            rechargesOutPence: j.rechargesOut,
            netPence: j.used + j.void + j.rechargesOut - j.rechargesIn,
          };
        });
      return {
        period,
        contractId: id,
        contractName: contractInfo.get(id)!.name,
        provider: { id: contractInfo.get(id)!.provider_id },
        bedNights: total.bed_nights,
        occupiedBedNights: total.occupied_bed_nights,
        voidBedNights: total.void_bed_nights,
        costPence: tj.committed,
        voidCostPence: tj.void,
        councils,
        reconciles,
      };
    });

    const codes = [
      ...new Set([...snapshot.filter((r) => r.council_code).map((r) => r.council_code!), ...adjustments.keys()]),
    ].sort();
    const visibleCodes =
      scope.kind === 'hub' ? codes : scope.kind === 'council' ? codes.filter((c) => c === scope.councilCode) : [];
    const councils: CouncilStatement[] = visibleCodes.map((code) => {
      const rows = snapshot.filter((r) => r.council_code === code);
      let reconciles = true;
      const sum = { ...ZERO };
      let occupied = 0;
      const spend = [];
      for (const r of rows) {
        const j = fromJournal(r);
        reconciles &&= same(figuresOf(r), j);
        for (const f of Object.keys(ZERO) as (keyof Figures)[]) sum[f] += j[f];
        if (r.contract_id) occupied += r.occupied_bed_nights;
        else spend.push({ route: r.route!, placements: r.placements, bedNights: r.bed_nights, spendPence: j.spend });
      }
      const blockNet = sum.used + sum.void + sum.rechargesOut - sum.rechargesIn;
      const own = adjustments.get(code) ?? [];
      const adjusted = own.reduce((a, x) => a + x.chargePence, 0);
      return {
        period,
        councilCode: code,
        occupiedBlockBedNights: occupied,
        committedPence: sum.committed,
        usedPence: sum.used,
        voidPence: sum.void,
        rechargesInPence: sum.rechargesIn,
        rechargesOutPence: sum.rechargesOut,
        blockNetPence: blockNet,
        spend,
        totalPence: blockNet + sum.spend,
        reconciles,
        adjustments: own,
        adjustmentsPence: adjusted,
        payablePence: blockNet + sum.spend + adjusted,
      };
    });
    return { period, closedAt: closed.closed_at, councils, contracts };
  }

  async closedPeriods(): Promise<string[]> {
    return (
      (await this.dataSource.query(`SELECT period FROM period_close ORDER BY period`)) as { period: string }[]
    ).map((r) => r.period);
  }
}
