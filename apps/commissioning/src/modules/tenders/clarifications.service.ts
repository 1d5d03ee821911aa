import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Scope } from '../../platform/scope.js';
import type { TenderClarification } from './clarification.model.js';
import { noticeAnswered } from './tender-notices.js';
import { biddingClosedReason, TODAY_SQL } from './tender-timetable.js';
import { TenderError } from './tenders.exception.js';

interface Row {
  id: string;
  tender_id: string;
  question: string;
  asked_at: Date;
  answer: string | null;
  answered_at: Date | null;
  asked_by_provider: string;
}

/**
 * Clarification questions (docs/adr/0052): a provider asks while the tender is published or open and before the
 * deadline; the hub's answer is published to every bidder. The asker is stored for the hub's audit trail but never
 * leaves this service: the hub and other bidders see the question alone, the asker sees `askedByYou`.
 */
@Injectable()
export class ClarificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ask(tenderId: string, question: string, providerId: string): Promise<TenderClarification> {
    const id = randomUUID();
    await this.dataSource.transaction(async (em) => {
      const [t] = (await em.query(
        `SELECT status, to_char(bids_close_on, 'YYYY-MM-DD') AS bids_close_on, ${TODAY_SQL} AS today
         FROM tender WHERE id = $1 FOR SHARE`,
        [tenderId],
      )) as { status: string; bids_close_on: string | null; today: string }[];
      if (!t || t.status === 'draft') throw new TenderError('TENDER_NOT_FOUND', `no tender ${tenderId}`);
      const closed = t.status === 'published' ? null : biddingClosedReason(t.status, t.bids_close_on, t.today);
      if (closed) throw new TenderError('CLARIFICATIONS_CLOSED', `Questions can no longer be asked: ${closed}`);
      await em.query(
        `INSERT INTO tender_clarification (id, tender_id, asked_by_provider, question) VALUES ($1, $2, $3, $4)`,
        [id, tenderId, providerId, question.trim()],
      );
    });
    return (await this.rows(`c.id = $1`, [id], providerId))[0]!;
  }

  async answer(clarificationId: string, answer: string, actor: string): Promise<TenderClarification> {
    await this.dataSource.transaction(async (em) => {
      const updated = (await em.query(
        `WITH u AS (UPDATE tender_clarification SET answer = $2, answered_by = $3, answered_at = now()
                    WHERE id = $1 AND answer IS NULL RETURNING id)
         SELECT id FROM u`,
        [clarificationId, answer.trim(), actor],
      )) as { id: string }[];
      if (updated.length === 0) {
        const [exists] = (await em.query(`SELECT 1 FROM tender_clarification WHERE id = $1`, [
          clarificationId,
        ])) as unknown[];
        if (exists)
          throw new TenderError('CLARIFICATION_ANSWERED', 'This question has already been answered and published');
        throw new TenderError('CLARIFICATION_NOT_FOUND', 'The clarification question was not found');
      }
      // The answer is published to every bidder: those who asked or bid are told (docs/adr/0061).
      await noticeAnswered(em, clarificationId);
    });
    return (await this.rows(`c.id = $1`, [clarificationId], null))[0]!;
  }

  /** The hub: every question. A provider: the published answers and its own unanswered questions. */
  async list(tenderId: string, scope: Scope): Promise<TenderClarification[]> {
    if (scope.kind === 'hub') return this.rows(`c.tender_id = $1`, [tenderId], null);
    if (scope.kind !== 'provider') return [];
    return this.rows(
      `c.tender_id = $1 AND t.status <> 'draft' AND (c.answer IS NOT NULL OR c.asked_by_provider = $2)`,
      [tenderId, scope.providerId],
      scope.providerId,
    );
  }

  private async rows(where: string, params: unknown[], providerId: string | null): Promise<TenderClarification[]> {
    const rows = (await this.dataSource.query(
      `SELECT c.* FROM tender_clarification c JOIN tender t ON t.id = c.tender_id WHERE ${where}
       ORDER BY c.asked_at, c.id`,
      params,
    )) as Row[];
    return rows.map((r) => ({
      id: r.id,
      tenderId: r.tender_id,
      question: r.question,
      askedAt: r.asked_at,
      answer: r.answer,
      answeredAt: r.answered_at,
      askedByYou: providerId !== null && r.asked_by_provider === providerId,
    }));
  }
}
