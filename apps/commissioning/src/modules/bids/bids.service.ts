import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { pgCode, PG } from '../../platform/postgres.js';
import type { Scope } from '../../platform/scope.js';
import { biddingClosedReason, TODAY_SQL } from '../tenders/tender-timetable.js';
import { TenderError } from '../tenders/tenders.exception.js';
import type { Bid, LotEvaluation } from './bid.model.js';
import { BidError } from './bids.exception.js';
import type { AmendBidInput, BidTermsInput, ScoreBidAnswersInput, SubmitBidInput } from './dtos/bid.inputs.js';
import { rankBids } from './evaluation.js';
import { outcomeNotice } from './outcome-notice.js';
import { moderatedQuality } from './question-scores.js';

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
  question_scores: number[] | null;
  moderation_note: string | null;
  submitted_at: Date;
  amended_at: Date | null;
  withdrawn_at: Date | null;
  outcome: string | null;
}

const toBid = (r: BidRow): Bid => ({
  id: r.id,
  tenderId: r.tender_id,
  lotId: r.lot_id,
  provider: { id: r.provider_id },
  settingUrns: r.setting_urns,
  settings: r.setting_urns.map((urn) => ({ urn })),
  beds: r.beds,
  weeklyPricePerBedPence: r.weekly_price_pence,
  startDate: r.start_date,
  qualityAnswers: r.quality_answers,
  qualityScore: r.quality_score,
  questionScores: r.question_scores,
  moderationNote: r.moderation_note,
  submittedAt: r.submitted_at,
  amendedAt: r.amended_at,
  withdrawnAt: r.withdrawn_at,
  outcome: r.outcome,
  outcomeNotice: null,
});

/** A live bid of an awarded tender is successful when a contract was made from it. */
const BID_COLUMNS = `b.id, b.tender_id, b.lot_id, b.provider_id, b.setting_urns, b.beds, b.weekly_price_pence,
  to_char(b.start_date, 'YYYY-MM-DD') AS start_date, b.quality_answers, b.quality_score, b.question_scores,
  b.moderation_note, b.submitted_at, b.amended_at, b.withdrawn_at,
  (SELECT CASE WHEN t.status <> 'awarded' OR b.withdrawn_at IS NOT NULL THEN NULL
               WHEN EXISTS (SELECT 1 FROM block_contract c WHERE c.bid_id = b.id) THEN 'successful'
               ELSE 'unsuccessful' END
   FROM tender t WHERE t.id = b.tender_id) AS outcome`;

interface LockedLot {
  tender_id: string;
  beds: number;
  status: string;
  quality_questions: string[];
  bids_close_on: string | null;
  today: string;
}

/** Providers' bids per lot (amendable and withdrawable until the deadline), the panel's scores, the ranked result. */
@Injectable()
export class BidsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async submit(input: SubmitBidInput, providerId: string, actor: string): Promise<Bid> {
    const id = randomUUID();
    await this.dataSource.transaction(async (em) => {
      const lot = await this.lockLotForBidding(em, input.lotId);
      this.checkTerms(input, lot);
      try {
        await em.query(
          `INSERT INTO bid (id, tender_id, lot_id, provider_id, setting_urns, beds, weekly_price_pence, start_date,
             quality_answers, submitted_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [id, lot.tender_id, input.lotId, providerId, ...this.termValues(input), actor],
        );
      } catch (error) {
        if (pgCode(error) === PG.uniqueViolation)
          throw new BidError('BID_EXISTS', 'you have already bid for this lot: amend that bid instead');
        throw error;
      }
    });
    return (await this.byIds(this.dataSource, [id]))[0]!;
  }

  /** New terms for the caller's own live bid, while the tender is open and before the deadline. */
  async amend(input: AmendBidInput, providerId: string): Promise<Bid> {
    await this.dataSource.transaction(async (em) => {
      const lotId = await this.ownLiveBidLot(em, input.bidId, providerId);
      const lot = await this.lockLotForBidding(em, lotId);
      this.checkTerms(input, lot);
      await em.query(
        `UPDATE bid SET setting_urns = $2, beds = $3, weekly_price_pence = $4, start_date = $5, quality_answers = $6,
           amended_at = now() WHERE id = $1`,
        [input.bidId, ...this.termValues(input)],
      );
    });
    return (await this.byIds(this.dataSource, [input.bidId]))[0]!;
  }

  /** The caller's own live bid leaves the competition (the provider may bid again before the deadline). */
  async withdraw(bidId: string, providerId: string): Promise<Bid> {
    await this.dataSource.transaction(async (em) => {
      const lotId = await this.ownLiveBidLot(em, bidId, providerId);
      await this.lockLotForBidding(em, lotId);
      await em.query(`UPDATE bid SET withdrawn_at = now() WHERE id = $1`, [bidId]);
    });
    return (await this.byIds(this.dataSource, [bidId]))[0]!;
  }

  /** Bids the caller may see: the hub all of a tender's, a provider only its own (with outcome notices). */
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
    const bids = rows.map(toBid);
    const awarded = [...new Set(bids.filter((b) => b.outcome).map((b) => b.tenderId))];
    for (const tender of awarded) await this.addNotices(tender, bids);
    return bids;
  }

  async byIds(em: EntityManager | DataSource, ids: string[]): Promise<Bid[]> {
    const rows = (await em.query(`SELECT ${BID_COLUMNS} FROM bid b WHERE b.id = ANY($1::uuid[])`, [ids])) as BidRow[];
    return rows.map(toBid);
  }

  /** One moderated total, as before per-question scoring (kept for callers that score a bid as a whole). */
  async score(bidId: string, qualityScore: number): Promise<Bid> {
    await this.dataSource.transaction(async (em) => {
      await this.lockForScoring(em, bidId);
      await em.query(`UPDATE bid SET quality_score = $2 WHERE id = $1`, [bidId, qualityScore]);
    });
    return (await this.byIds(this.dataSource, [bidId]))[0]!;
  }

  /** The panel's score per question and the moderated total (the average unless agreed otherwise, with a note). */
  async scoreAnswers(input: ScoreBidAnswersInput): Promise<Bid> {
    await this.dataSource.transaction(async (em) => {
      const questions = await this.lockForScoring(em, input.bidId);
      const { qualityScore, note } = moderatedQuality(
        input.questionScores,
        questions,
        input.moderatedScore,
        input.moderationNote,
      );
      await em.query(`UPDATE bid SET question_scores = $2, quality_score = $3, moderation_note = $4 WHERE id = $1`, [
        input.bidId,
        JSON.stringify(input.questionScores),
        qualityScore,
        note,
      ]);
    });
    return (await this.byIds(this.dataSource, [input.bidId]))[0]!;
  }

  /** Every lot's live bids ranked with the tender's published weights. */
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
      (await em.query(`SELECT ${BID_COLUMNS} FROM bid b WHERE b.tender_id = $1 AND b.withdrawn_at IS NULL`, [
        tenderId,
      ])) as BidRow[]
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

  private async addNotices(tenderId: string, bids: Bid[]): Promise<void> {
    const [tender] = (await this.dataSource.query(
      `SELECT to_char(standstill_ends_on, 'YYYY-MM-DD') AS standstill FROM tender WHERE id = $1`,
      [tenderId],
    )) as { standstill: string | null }[];
    for (const lot of await this.evaluate(tenderId)) {
      for (const r of lot.ranking) {
        const bid = bids.find((b) => b.id === r.bid.id);
        if (!bid) continue;
        bid.outcomeNotice = outcomeNotice({
          lotTitle: lot.lotTitle,
          rank: r.rank,
          bidsInLot: lot.ranking.length,
          totalBp: r.totalBp,
          winningTotalBp: lot.ranking[0]!.totalBp,
          priceScoreBp: r.priceScoreBp,
          qualityScore: r.bid.qualityScore ?? 0,
          standstillEndsOn: tender?.standstill ?? 'the date the hub gives',
        });
      }
    }
  }

  private async lockLotForBidding(em: EntityManager, lotId: string): Promise<LockedLot> {
    const [lot] = (await em.query(
      `SELECT l.tender_id, l.beds, t.status, t.quality_questions,
              to_char(t.bids_close_on, 'YYYY-MM-DD') AS bids_close_on, ${TODAY_SQL} AS today
       FROM tender_lot l JOIN tender t ON t.id = l.tender_id WHERE l.id = $1 FOR SHARE OF t`,
      [lotId],
    )) as LockedLot[];
    if (!lot || lot.status === 'draft') throw new TenderError('LOT_NOT_FOUND', `no lot ${lotId}`);
    const closed = biddingClosedReason(lot.status, lot.bids_close_on, lot.today);
    if (closed) throw new BidError('BIDDING_CLOSED', `Bids can no longer be made or changed: ${closed}`);
    return lot;
  }

  private async ownLiveBidLot(em: EntityManager, bidId: string, providerId: string): Promise<string> {
    const [bid] = (await em.query(
      `SELECT lot_id FROM bid WHERE id = $1 AND provider_id = $2 AND withdrawn_at IS NULL FOR UPDATE`,
      [bidId, providerId],
    )) as { lot_id: string }[];
    if (!bid) throw new BidError('BID_NOT_FOUND', 'you have no live bid with that id');
    return bid.lot_id;
  }

  private checkTerms(input: BidTermsInput, lot: LockedLot): void {
    const problems: string[] = [];
    if (input.beds > lot.beds) problems.push(`the lot is for ${lot.beds} beds; the bid offers ${input.beds}`);
    const asked = lot.quality_questions.length;
    const answered = input.qualityAnswers.map((a) => a.question);
    if (answered.some((q) => q >= asked)) problems.push(`the tender asks ${asked} quality questions`);
    if (new Set(answered).size !== answered.length) problems.push('a quality question is answered twice');
    const missing = [...Array(asked).keys()].filter((q) => !answered.includes(q));
    if (missing.length > 0) problems.push(`quality questions not answered: ${missing.map((q) => q + 1).join(', ')}`);
    if (problems.length > 0) throw new BidError('BID_INVALID', problems.join('; '), problems);
  }

  private termValues(input: BidTermsInput): unknown[] {
    return [
      input.settingUrns,
      input.beds,
      input.weeklyPricePerBedPence,
      input.startDate,
      JSON.stringify([...input.qualityAnswers].sort((a, b) => a.question - b.question)),
    ];
  }

  /** Locks the tender, checks it is in evaluation and the bid is live; returns the number of quality questions. */
  private async lockForScoring(em: EntityManager, bidId: string): Promise<number> {
    const [row] = (await em.query(
      `SELECT t.status, jsonb_array_length(t.quality_questions)::int AS questions, b.withdrawn_at
       FROM bid b JOIN tender t ON t.id = b.tender_id WHERE b.id = $1 FOR SHARE OF t`,
      [bidId],
    )) as { status: string; questions: number; withdrawn_at: Date | null }[];
    if (!row) throw new BidError('BID_NOT_FOUND', `no bid ${bidId}`);
    if (row.status !== 'evaluation')
      throw new BidError('NOT_IN_EVALUATION', `bids are scored during evaluation; the tender is ${row.status}`);
    if (row.withdrawn_at) throw new BidError('BID_NOT_FOUND', 'that bid was withdrawn and is not evaluated');
    return row.questions;
  }
}
