import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SERVICE_CONFIG, monthInWords } from '@rcc/platform';
import type { CommissioningConfig, Scope } from '../../platform/index.js';
import { ContractsService } from '../contracts/contracts.service.js';
import { LedgerError } from '../ledger/ledger.exception.js';
import { LedgerService, PERIOD_LOCK, type JournalEntryRow } from '../ledger/ledger.service.js';
import { accounts, councilCharge, type LedgerLine } from '../../domain/index.js';
import type { PostAdjustmentInput } from './dtos/adjustment.input.js';
import type { StatementAdjustment } from './statement.model.js';

/** The largest single hand-posted line: £10 million. */
export const MAX_ADJUSTMENT_LINE_PENCE = 1_000_000_000;

/** Which kind of statement line an entry is: an automatic arrears or correction, a hand adjustment or a reversal. */
export function adjustmentLabel(e: Pick<JournalEntryRow, 'kind' | 'idempotencyKey'>): string {
  if (e.kind === 'correction') return e.idempotencyKey.startsWith('arrears:') ? 'arrears' : 'correction';
  return e.kind;
}

/**
 * Adjustments: entries posted in a month that belong to another (arrears and corrections from period close, the
 * hub's hand adjustments, reversals). Each is its own labelled statement line, never folded into the month's close.
 */
@Injectable()
export class AdjustmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CommissioningConfig,
    private readonly ledger: LedgerService,
    private readonly contracts: ContractsService,
  ) {}

  /**
   * A hand adjustment in the open month, for the month it belongs to. Each line charges (positive) or credits
   * (negative) a council; what does not net to zero between councils is owed to (or by) the contract's provider or,
   * outside a contract, the route's market. Idempotent on the caller's key.
   */
  async post(input: PostAdjustmentInput, actor: string): Promise<JournalEntryRow> {
    const problems: string[] = [];
    for (const l of input.lines) {
      if (!this.config.regionCouncils.includes(l.councilCode))
        problems.push(`${l.councilCode} is not a member council of this region`);
      if (l.amountPence === 0 || Math.abs(l.amountPence) > MAX_ADJUSTMENT_LINE_PENCE)
        problems.push(`a line must be a non-zero amount of at most ${MAX_ADJUSTMENT_LINE_PENCE} pence`);
      if (l.kind === 'spend' && (!input.route || input.contractId))
        problems.push('a spend line needs the route it was bought by, and no block contract');
      if (l.kind !== 'spend' && !input.contractId) problems.push(`a ${l.kind} line needs its block contract`);
    }
    if (problems.length > 0) throw new LedgerError('ADJUSTMENT_INVALID', problems.join('; '), problems);
    const entry = await this.dataSource.transaction(async (em) => {
      await em.query(PERIOD_LOCK);
      const open = await this.ledger.openPeriod(em);
      if (input.relatesToPeriod > open)
        throw new LedgerError(
          'ADJUSTMENT_INVALID',
          `${monthInWords(input.relatesToPeriod)} is after the open month, ${monthInWords(open)}`,
        );
      let name = '';
      if (input.contractId) {
        const contract = await this.contracts.get(input.contractId, { kind: 'hub' });
        const outsiders = input.lines.filter((l) => !contract.shares.some((s) => s.councilCode === l.councilCode));
        if (outsiders.length > 0)
          throw new LedgerError(
            'ADJUSTMENT_INVALID',
            `${outsiders.map((l) => l.councilCode).join(', ')} has no share of contract ${contract.id}`,
          );
        name = contract.name;
      }
      const base = { contractId: input.contractId ?? null, route: input.contractId ? 'block' : input.route! };
      const lines: LedgerLine[] = input.lines.map((l) => ({
        ...base,
        kind: l.kind,
        councilCode: l.councilCode,
        account: this.account(l.kind, l.councilCode, input.route),
        amountPence: l.amountPence,
      }));
      const net = lines.reduce((a, l) => a + l.amountPence, 0);
      if (net !== 0)
        lines.push(
          input.contractId
            ? {
                ...base,
                kind: 'payable',
                councilCode: null,
                account: accounts.contractPayable(input.contractId),
                amountPence: -net,
              }
            : {
                ...base,
                kind: 'market-payable',
                councilCode: null,
                account: accounts.marketPayable(input.route!),
                amountPence: -net,
              },
        );
      const what = input.contractId ? `, block contract ${name || input.contractId}` : `, ${input.route}`;
      return this.ledger.post(em, {
        idempotencyKey: `adjustment:${input.idempotencyKey}`,
        kind: 'adjustment',
        description: `Adjustment for ${input.relatesToPeriod}${what}: ${input.reason.trim()}`,
        period: open,
        relatesToPeriod: input.relatesToPeriod,
        contractId: input.contractId ?? null,
        lines,
        postedBy: actor,
      });
    });
    return entry.entry;
  }

  private account(kind: PostAdjustmentInput['lines'][number]['kind'], council: string, route?: string): string {
    switch (kind) {
      case 'used':
        return accounts.councilUsed(council);
      case 'void':
        return accounts.councilVoid(council);
      case 'recharge-in':
        return accounts.councilRechargeIn(council);
      case 'recharge-out':
        return accounts.councilRechargeOut(council);
      case 'spend':
        return accounts.councilSpend(council, route!);
    }
  }

  /** A month's adjustments as each council sees them: only its own lines, only entries that touch it. */
  async forPeriod(period: string, scope: Scope): Promise<Map<string, StatementAdjustment[]>> {
    const entries = (await this.ledger.entries(this.dataSource, { period, limit: 5000 })).filter((e) =>
      ['correction', 'adjustment', 'reversal'].includes(e.kind),
    );
    const names = new Map(
      (
        (await this.dataSource.query(`SELECT id, name FROM block_contract WHERE id = ANY($1::uuid[])`, [
          entries.map((e) => e.contractId).filter((id) => id !== null),
        ])) as { id: string; name: string }[]
      ).map((r) => [r.id, r.name]),
    );
    const out = new Map<string, StatementAdjustment[]>();
    for (const e of entries) {
      const councils = [...new Set(e.lines.map((l) => l.councilCode).filter((c) => c !== null))].sort();
      for (const code of councils) {
        if (scope.kind !== 'hub' && !(scope.kind === 'council' && scope.councilCode === code)) continue;
        const list = out.get(code) ?? [];
        list.push({
          entryId: e.id,
          label: adjustmentLabel(e),
          relatesToPeriod: e.relatesToPeriod ?? e.period ?? period,
          contractId: e.contractId,
          contractName: e.contractId ? (names.get(e.contractId) ?? '') : null,
          description: e.description,
          postedBy: e.postedBy,
          postedAt: e.postedAt,
          chargePence: councilCharge(e.lines, code),
          committedPence: -e.lines
            .filter((l) => l.councilCode === code && l.kind === 'commitment')
            .reduce((a, l) => a + l.amountPence, 0),
        });
        out.set(code, list);
      }
    }
    // A statement lists its adjustments by the month each belongs to, then in the order they were posted.
    for (const list of out.values())
      list.sort(
        (a, b) =>
          a.relatesToPeriod.localeCompare(b.relatesToPeriod) ||
          a.postedAt.getTime() - b.postedAt.getTime() ||
          a.entryId.localeCompare(b.entryId),
      );
    return out;
  }
}
