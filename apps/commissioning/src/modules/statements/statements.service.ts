import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { monthInWords } from '@rcc/platform';
import { type Scope, toPence } from '../../platform/index.js';
import { LedgerError } from '../ledger/ledger.exception.js';
import { AdjustmentsService } from './adjustments.service.js';
import { figuresKey, journalFigures, NO_FIGURES, type Figures } from './statement-figures.js';
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

/**
 * Reading statements: the snapshot taken at close, checked line by line against the journal itself (which later
 * corrections and adjustments also reach). Closing a period is PeriodCloseService's.
 */
@Injectable()
export class StatementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly adjustments: AdjustmentsService,
  ) {}

  async statements(period: string, scope: Scope): Promise<PeriodStatements> {
    const [closed] = (await this.dataSource.query(`SELECT closed_at FROM period_close WHERE period = $1`, [
      period,
    ])) as {
      closed_at: Date;
    }[];
    if (!closed) throw new LedgerError('PERIOD_NOT_CLOSED', `${monthInWords(period)} is not closed yet`);
    const snapshot = (await this.dataSource.query(
      `SELECT * FROM statement_line WHERE period = $1 ORDER BY contract_id NULLS LAST, council_code NULLS FIRST, route`,
      [period],
    )) as SnapshotRow[];
    const journal = await journalFigures(this.dataSource, period);
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
    const same = (a: Figures, b: Figures) => (Object.keys(NO_FIGURES) as (keyof Figures)[]).every((f) => a[f] === b[f]);
    const fromJournal = (r: SnapshotRow) =>
      journal.get(figuresKey(r.contract_id, r.council_code, r.route)) ?? { ...NO_FIGURES };

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
      const sum = { ...NO_FIGURES };
      let occupied = 0;
      const spend = [];
      for (const r of rows) {
        const j = fromJournal(r);
        reconciles &&= same(figuresOf(r), j);
        for (const f of Object.keys(NO_FIGURES) as (keyof Figures)[]) sum[f] += j[f];
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
