import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { pgCode, PG } from '../../platform/postgres.js';
import type { Scope } from '../../platform/scope.js';
import { TenderError } from '../tenders/tenders.exception.js';
import type { Bid, LotEvaluation } from './bid.model.js';
import { BidError } from './bids.exception.js';
import type { SubmitBidInput } from './dtos/bid.inputs.js';
import { rankBids } from './evaluation.js';

interface BidRow {
  id: string;
  tender_id: string;
  lot_id: string;
  provider_id: string;
  setting_urns: string[];
  beds: number;
  weekly_price_pence: number;
  start_date: string;
  quality_answers: { question: number; answer: string }[];
  quality_score: number | null;
  submitted_at: Date;
}

const toBid = (r: BidRow): Bid => ({
  id: r.id,
  tenderId: r.tender_id,
  lotId: r.lot_id,
  provider: { id: r.provider_id },
  settingUrns: r.setting_urns,
  beds: r.beds,
  weeklyPricePerBedPence: r.weekly_price_pence,
  startDate: r.start_date,
  qualityAnswers: r.quality_answers,
  qualityScore: r.quality_score,
  submittedAt: r.submitted_at,
});

const BID_COLUMNS = `b.id, b.tender_id, b.lot_id, b.provider_id, b.setting_urns, b.beds, b.weekly_price_pence,
  to_char(b.start_date, 'YYYY-MM-DD') AS start_date, b.quality_answers, b.quality_score, b.submitted_at`;

/** Providers' bids per lot, the evaluation panel's quality scores, and the ranked, explained result. */
@Injectable()
export class BidsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async submit(input: SubmitBidInput, providerId: string, actor: string): Promise<Bid> {
    const id = randomUUID();
    await this.dataSource.transaction(async (em) => {
      const [lot] = (await em.query(
        `SELECT l.tender_id, l.beds, t.status, t.quality_questions
         FROM tender_lot l JOIN tender t ON t.id = l.tender_id WHERE l.id = $1 FOR SHARE OF t`,
        [input.lotId],
      )) as { tender_id: string; beds: number; status: string; quality_questions: string[] }[];
      if (!lot || lot.status === 'draft') throw new TenderError('LOT_NOT_FOUND', `no lot ${input.lotId}`);
      if (lot.status !== 'open')
        throw new BidError('BIDDING_CLOSED', `bids are taken only while the tender is open; it is ${lot.status}`);
      const problems: string[] = [];
      if (input.beds > lot.beds) problems.push(`the lot is for ${lot.beds} beds; the bid offers ${input.beds}`);
      const asked = lot.quality_questions.length;
      const answered = input.qualityAnswers.map((a) => a.question);
      if (answered.some((q) => q >= asked)) problems.push(`the tender asks ${asked} quality questions`);
      if (new Set(answered).size !== answered.length) problems.push('a quality question is answered twice');
      const missing = [...Array(asked).keys()].filter((q) => !answered.includes(q));
      if (missing.length > 0) problems.push(`quality questions not answered: ${missing.join(', ')}`);
      if (problems.length > 0) throw new BidError('BID_INVALID', problems.join('; '), problems);
      try {
        await em.query(
          `INSERT INTO bid (id, tender_id, lot_id, provider_id, setting_urns, beds, weekly_price_pence, start_date,
             quality_answers, submitted_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            id,
            lot.tender_id,
            input.lotId,
            providerId,
            input.settingUrns,
            input.beds,
            input.weeklyPricePerBedPence,
            input.startDate,
            JSON.stringify([...input.qualityAnswers].sort((a, b) => a.question - b.question)),
            actor,
          ],
        );
      } catch (error) {
        if (pgCode(error) === PG.uniqueViolation)
          throw new BidError('BID_EXISTS', 'this provider has already bid for this lot');
        throw error;
      }
    });
    return (await this.byIds(this.dataSource, [id]))[0]!;
  }

  /** Bids the caller may see: the hub all of a tender's, a provider only its own. */
  async list(scope: Scope, tenderId?: string): Promise<Bid[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (tenderId) where.push(`b.tender_id = $${params.push(tenderId)}`);
    if (scope.kind === 'provider') where.push(`b.provider_id = $${params.push(scope.providerId)}`);
    else if (scope.kind !== 'hub') return [];
    const rows = (await this.dataSource.query(
      `SELECT ${BID_COLUMNS} FROM bid b ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY b.submitted_at, b.id`,
      params,
    )) as BidRow[];
    return rows.map(toBid);
  }

  async byIds(em: EntityManager | DataSource, ids: string[]): Promise<Bid[]> {
    const rows = (await em.query(`SELECT ${BID_COLUMNS} FROM bid b WHERE b.id = ANY($1::uuid[])`, [ids])) as BidRow[];
    return rows.map(toBid);
  }

  async score(bidId: string, qualityScore: number): Promise<Bid> {
    await this.dataSource.transaction(async (em) => {
      const [row] = (await em.query(
        `SELECT t.status FROM bid b JOIN tender t ON t.id = b.tender_id WHERE b.id = $1 FOR SHARE OF t`,
        [bidId],
      )) as { status: string }[];
      if (!row) throw new BidError('BID_NOT_FOUND', `no bid ${bidId}`);
      if (row.status !== 'evaluation')
        throw new BidError('NOT_IN_EVALUATION', `bids are scored during evaluation; the tender is ${row.status}`);
      await em.query(`UPDATE bid SET quality_score = $2 WHERE id = $1`, [bidId, qualityScore]);
    });
    return (await this.byIds(this.dataSource, [bidId]))[0]!;
  }

  /** Every lot's bids ranked with the tender's published weights. */
  async evaluate(tenderId: string, em: EntityManager | DataSource = this.dataSource): Promise<LotEvaluation[]> {
    const [tender] = (await em.query(`SELECT price_weight, quality_weight FROM tender WHERE id = $1`, [tenderId])) as {
      price_weight: number;
      quality_weight: number;
    }[];
    if (!tender) throw new TenderError('TENDER_NOT_FOUND', `no tender ${tenderId}`);
    const lots = (await em.query(`SELECT id, title FROM tender_lot WHERE tender_id = $1 ORDER BY created_at, id`, [
      tenderId,
    ])) as { id: string; title: string }[];
    const bids = (
      (await em.query(`SELECT ${BID_COLUMNS} FROM bid b WHERE b.tender_id = $1`, [tenderId])) as BidRow[]
    ).map(toBid);
    return lots.map((lot) => {
      const mine = bids.filter((b) => b.lotId === lot.id);
      const { ranked, complete } = rankBids(mine, { price: tender.price_weight, quality: tender.quality_weight });
      return {
        lotId: lot.id,
        lotTitle: lot.title,
        complete,
        ranking: ranked.map((r) => ({ ...r, bid: mine.find((b) => b.id === r.bidId)! })),
      };
    });
  }
}
