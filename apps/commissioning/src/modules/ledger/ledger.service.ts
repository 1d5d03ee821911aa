import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { toPence } from '../../platform/index.js';
import { canonicalLines, entryProblems, type LedgerLine, nextPeriod, periodOf } from '../../domain/index.js';
import { LedgerError } from './ledger.exception.js';

export type EntryKind = 'commitment' | 'period-close' | 'market-spend' | 'reversal' | 'adjustment' | 'correction';

/** Held by whatever decides which month is open (period close, reversals, adjustments), so they never interleave. */
export const PERIOD_LOCK = `SELECT pg_advisory_xact_lock(hashtext('rcc.commissioning.period-close'))`;

export interface Posting {
  idempotencyKey: string;
  kind: EntryKind;
  description: string;
  period?: string | null;
  contractId?: string | null;
  reversesEntryId?: string | null;
  /** The month the entry belongs to when it is posted in a later one (arrears, corrections, reversals). */
  relatesToPeriod?: string | null;
  lines: readonly LedgerLine[];
  postedBy: string;
}

export interface JournalEntryRow {
  id: string;
  idempotencyKey: string;
  kind: EntryKind;
  description: string;
  period: string | null;
  contractId: string | null;
  reversesEntryId: string | null;
  /** The entry that reverses this one, once it has been (an entry is reversed at most once). */
  reversedByEntryId: string | null;
  relatesToPeriod: string | null;
  postedBy: string;
  postedAt: Date;
  lines: LedgerLine[];
}

export interface PostResult {
  entry: JournalEntryRow;
  /** False when the idempotency key had been posted before with the same payload (nothing new was written). */
  created: boolean;
}

/** SHA-256 of what the posting says (not who posted it or when): the same key must always mean the same entry. */
export function payloadHash(p: Posting, lines: readonly LedgerLine[]): string {
  const canonical = JSON.stringify([
    p.kind,
    p.description,
    p.period ?? null,
    p.contractId ?? null,
    p.reversesEntryId ?? null,
    ...(p.relatesToPeriod ? [p.relatesToPeriod] : []),
    lines.map((l) => [l.account, l.amountPence, l.kind, l.councilCode, l.contractId, l.route]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

interface EntrySqlRow {
  id: string;
  idempotency_key: string;
  kind: EntryKind;
  description: string;
  period: string | null;
  contract_id: string | null;
  reverses_entry_id: string | null;
  reversed_by_entry_id: string | null;
  relates_to_period: string | null;
  posted_by: string;
  posted_at: Date;
}

interface LineSqlRow {
  entry_id: string;
  account: string;
  amount_pence: string;
  kind: LedgerLine['kind'];
  council_code: string | null;
  contract_id: string | null;
  route: string | null;
}

/**
 * The double-entry journal: append-only, integer pence, one entry per idempotency key. Balances are never stored;
 * they are sums over the lines, so they can always be recomputed from the journal alone.
 */
@Injectable()
export class LedgerService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Posts an entry inside the caller's transaction. The same key with the same payload returns the entry already
   * posted (even when another transaction is posting it at this moment: the unique index makes this one wait for it);
   * the same key with a different payload is refused.
   */
  async post(em: EntityManager, posting: Posting): Promise<PostResult> {
    const lines = canonicalLines(posting.lines);
    const problems = entryProblems(lines);
    if (problems.length > 0)
      throw new LedgerError('ENTRY_UNBALANCED', `entry ${posting.idempotencyKey}: ${problems.join('; ')}`, problems);
    const hash = payloadHash(posting, lines);
    const id = randomUUID();
    const inserted = (await em.query(
      `INSERT INTO journal_entry
         (id, idempotency_key, payload_hash, kind, description, period, contract_id, reverses_entry_id, posted_by,
          relates_to_period)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [
        id,
        posting.idempotencyKey,
        hash,
        posting.kind,
        posting.description,
        posting.period ?? null,
        posting.contractId ?? null,
        posting.reversesEntryId ?? null,
        posting.postedBy,
        posting.relatesToPeriod ?? null,
      ],
    )) as { id: string }[];
    if (inserted.length === 0) {
      const [existing] = (await em.query(`SELECT id, payload_hash FROM journal_entry WHERE idempotency_key = $1`, [
        posting.idempotencyKey,
      ])) as { id: string; payload_hash: string }[];
      if (!existing) throw new Error(`journal entry ${posting.idempotencyKey} vanished`);
      if (existing.payload_hash !== hash) {
        throw new LedgerError(
          'IDEMPOTENCY_CONFLICT',
          `idempotency key ${posting.idempotencyKey} was already posted with a different payload`,
        );
      }
      return { entry: (await this.entries(em, { ids: [existing.id] }))[0]!, created: false };
    }
    await em.query(
      `INSERT INTO journal_line (entry_id, line_no, account, amount_pence, kind, council_code, contract_id, route)
       SELECT $1, n, account, amount, kind, council, contract, route
       FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::uuid[], $7::text[])
         WITH ORDINALITY AS l(account, amount, kind, council, contract, route, n)`,
      [
        id,
        lines.map((l) => l.account),
        lines.map((l) => String(l.amountPence)),
        lines.map((l) => l.kind),
        lines.map((l) => l.councilCode),
        lines.map((l) => l.contractId),
        lines.map((l) => l.route),
      ],
    );
    return { entry: (await this.entries(em, { ids: [id] }))[0]!, created: true };
  }

  /** Posts in a transaction of its own. */
  postNow(posting: Posting): Promise<PostResult> {
    return this.dataSource.transaction((em) => this.post(em, posting));
  }

  /** The month adjustments go into: the one after the last closed month (this month when none is closed). */
  async openPeriod(em: EntityManager | DataSource, today = new Date().toISOString().slice(0, 10)): Promise<string> {
    const [row] = (await em.query(`SELECT max(period) AS period FROM period_close`)) as { period: string | null }[];
    return row?.period ? nextPeriod(row.period) : periodOf(today);
  }

  /**
   * A correction: a new entry with every line negated, posted in the open month and labelled with the month the
   * original belongs to. An entry is reversed at most once; a reversal is itself an entry, so it can be reversed
   * (which re-posts the original), and every step stays in the journal with who did it and why.
   */
  async reverse(entryId: string, reason: string, postedBy: string): Promise<PostResult> {
    return this.dataSource.transaction(async (em) => {
      await em.query(PERIOD_LOCK);
      const [original] = await this.entries(em, { ids: [entryId] });
      if (!original) throw new LedgerError('ENTRY_NOT_FOUND', `journal entry ${entryId} does not exist`);
      const [already] = (await em.query(`SELECT id FROM journal_entry WHERE reverses_entry_id = $1`, [entryId])) as {
        id: string;
      }[];
      const belongsTo = original.relatesToPeriod ?? original.period;
      const posting: Posting = {
        idempotencyKey: `reversal:${entryId}`,
        kind: 'reversal',
        description: `Reversal of ${original.idempotencyKey}${belongsTo ? ` (belongs to ${belongsTo})` : ''}: ${reason}`,
        period: belongsTo === null ? null : await this.openPeriod(em),
        relatesToPeriod: belongsTo,
        contractId: original.contractId,
        reversesEntryId: entryId,
        lines: original.lines.map((l) => ({ ...l, amountPence: -l.amountPence })),
        postedBy,
      };
      if (already) {
        const [existing] = await this.entries(em, { ids: [already.id] });
        if (existing!.description === posting.description) return { entry: existing!, created: false };
        throw new LedgerError('ENTRY_ALREADY_REVERSED', `journal entry ${entryId} was already reversed`);
      }
      return this.post(em, posting);
    });
  }

  async entries(
    em: EntityManager | DataSource,
    filter: { ids?: string[]; councilCode?: string; contractIds?: string[]; period?: string; limit?: number },
  ): Promise<JournalEntryRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.ids) where.push(`e.id = ANY($${params.push(filter.ids)}::uuid[])`);
    if (filter.period) where.push(`e.period = $${params.push(filter.period)}`);
    if (filter.contractIds) where.push(`e.contract_id = ANY($${params.push(filter.contractIds)}::uuid[])`);
    if (filter.councilCode)
      where.push(
        `EXISTS (SELECT 1 FROM journal_line x WHERE x.entry_id = e.id AND x.council_code = $${params.push(filter.councilCode)})`,
      );
    const rows = (await em.query(
      `SELECT e.*, (SELECT r.id FROM journal_entry r WHERE r.reverses_entry_id = e.id) AS reversed_by_entry_id
         FROM journal_entry e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY e.posted_at, e.id LIMIT ${Math.min(filter.limit ?? 1000, 5000)}`,
      params,
    )) as EntrySqlRow[];
    if (rows.length === 0) return [];
    const lines = (await em.query(
      `SELECT * FROM journal_line WHERE entry_id = ANY($1::uuid[]) ORDER BY entry_id, line_no`,
      [rows.map((r) => r.id)],
    )) as LineSqlRow[];
    const byEntry = new Map<string, LedgerLine[]>();
    for (const l of lines) {
      const list = byEntry.get(l.entry_id) ?? [];
      list.push({
        account: l.account,
        amountPence: toPence(l.amount_pence),
        kind: l.kind,
        councilCode: l.council_code,
        contractId: l.contract_id,
        route: l.route,
      });
      byEntry.set(l.entry_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      idempotencyKey: r.idempotency_key,
      kind: r.kind,
      description: r.description,
      period: r.period,
      contractId: r.contract_id,
      reversesEntryId: r.reverses_entry_id,
      reversedByEntryId: r.reversed_by_entry_id,
      relatesToPeriod: r.relates_to_period,
      postedBy: r.posted_by,
      postedAt: r.posted_at,
      lines: byEntry.get(r.id) ?? [],
    }));
  }

  /** Account balances (debit positive), recomputed from the lines. */
  async balances(filter: { councilCode?: string; contractId?: string } = {}): Promise<Map<string, number>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.councilCode) where.push(`council_code = $${params.push(filter.councilCode)}`);
    if (filter.contractId) where.push(`contract_id = $${params.push(filter.contractId)}`);
    const rows = (await this.dataSource.query(
      `SELECT account, sum(amount_pence)::text AS balance FROM journal_line
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY account ORDER BY account`,
      params,
    )) as { account: string; balance: string }[];
    return new Map(rows.map((r) => [r.account, toPence(r.balance)]));
  }
}
