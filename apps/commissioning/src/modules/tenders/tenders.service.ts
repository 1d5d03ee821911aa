import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { SETTING_PLACEMENT_CATEGORY, type SettingType } from '@rcc/contracts';
import { TenderOutcomeV1Event } from '@rcc/contracts';
import { enqueueEvent } from '@rcc/messaging';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { CommissioningConfig } from '../../platform/commissioning.config.js';
import { BidError } from '../bids/bids.exception.js';
import { BidsService } from '../bids/bids.service.js';
import { ContractsService } from '../contracts/contracts.service.js';
import type { ContractShare, VoidSharing } from '../../domain/index.js';
import type { Scope } from '../../platform/scope.js';
import type { CouncilShareInput } from './dtos/council-share.input.js';
import type { CreateTenderInput, TenderLotInput } from './dtos/tender.inputs.js';
import { allocateBeds, normaliseShares } from './shares.js';
import { assertTransition } from './tender-lifecycle.js';
import { noticePublished } from './tender-notices.js';
import { standstillEndsOn, TODAY_SQL } from './tender-timetable.js';
import type { TenderStatus } from './tender.entity.js';
import type { Tender } from './tender.model.js';
import { DATE_COLUMNS, hydrateTenders, type TenderRow } from './tender-rows.js';
import { TenderError } from './tenders.exception.js';

type ContractSpecCategory = Parameters<ContractsService['create']>[1]['placementCategory'];

/** The same day n months later (clamped to the month's last day): a term of n months. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

/** Councils see the tenders they take part in; providers every tender once it is published; the hub all. */
export function visible(tender: Pick<Tender, 'status' | 'councils'>, scope: Scope): boolean {
  if (scope.kind === 'hub') return true;
  if (scope.kind === 'council') return tender.councils.some((c) => c.councilCode === scope.councilCode);
  return tender.status !== 'draft';
}

/** Joint tenders: lots, councils' shares, the timetable and the lifecycle (tender-lifecycle.ts). */
@Injectable()
export class TendersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CommissioningConfig,
    private readonly bids: BidsService,
    private readonly contracts: ContractsService,
  ) {}

  /**
   * Evaluation -> awarded, in one transaction: each lot with bids goes to its top-ranked bid (every bid must have a
   * quality score), becoming a block contract with the tender's shares, its commitment in the journal and a
   * contract-awarded event in the outbox. Lots nobody bid for stay unawarded (a market gap).
   */
  async award(tenderId: string, actor: string): Promise<Tender> {
    await this.dataSource.transaction(async (em) => {
      await this.transition(em, tenderId, 'awarded', actor);
      const evaluations = await this.bids.evaluate(tenderId, em);
      const incomplete = evaluations.filter((e) => !e.complete).map((e) => e.lotTitle);
      if (incomplete.length > 0)
        throw new BidError('EVALUATION_INCOMPLETE', `score every bid's quality first (lots: ${incomplete.join(', ')})`);
      if (evaluations.every((e) => e.ranking.length === 0))
        throw new BidError('NO_BIDS', 'no lot has a bid: abandon the tender instead');
      const lots = (await em.query(
        `SELECT id, title, placement_category, term_months FROM tender_lot WHERE tender_id = $1`,
        [tenderId],
      )) as { id: string; title: string; placement_category: string; term_months: number }[];
      const [{ void_sharing: voidSharing }] = (await em.query(`SELECT void_sharing FROM tender WHERE id = $1`, [
        tenderId,
      ])) as { void_sharing: VoidSharing }[] as [{ void_sharing: VoidSharing }];
      const councils = (await em.query(
        `SELECT council_code, basis_points, beds FROM tender_council WHERE tender_id = $1 ORDER BY council_code`,
        [tenderId],
      )) as { council_code: string; basis_points: number; beds: number | null }[];
      const shares: ContractShare[] = councils.map((c) => ({
        councilCode: c.council_code,
        basisPoints: c.basis_points,
        beds: c.beds,
      }));
      const mode = councils.every((c) => c.beds !== null) ? 'beds' : 'shares';
      const [{ today }] = (await em.query(`SELECT ${TODAY_SQL} AS today`)) as [{ today: string }];
      const standstill = standstillEndsOn(today);
      await em.query(`UPDATE tender SET awarded_on = $2, standstill_ends_on = $3 WHERE id = $1`, [
        tenderId,
        today,
        standstill,
      ]);
      for (const evaluation of evaluations) {
        const winner = evaluation.ranking[0]?.bid;
        if (!winner) continue;
        const lot = lots.find((l) => l.id === evaluation.lotId)!;
        await this.contracts.create(
          em,
          {
            tenderId,
            lotId: lot.id,
            name: lot.title,
            voidSharing,
            bidId: winner.id,
            providerId: winner.provider.id,
            settingUrns: winner.settingUrns,
            placementCategory: lot.placement_category as ContractSpecCategory,
            beds: winner.beds,
            weeklyPricePerBedPence: winner.weeklyPricePerBedPence,
            startDate: winner.startDate,
            endDate: addMonths(winner.startDate, lot.term_months),
            mode,
            shares: mode === 'beds' ? allocateBeds(shares, winner.beds) : shares,
          },
          actor,
        );
      }
      await this.noticeOutcomes(em, tenderId, evaluations, today, standstill);
    });
    return this.get(tenderId, { kind: 'hub' });
  }

  /** One tender-outcome event per live bid, for the notification sender to tell each bidder (docs/adr/0052). */
  private async noticeOutcomes(
    em: EntityManager,
    tenderId: string,
    evaluations: Awaited<ReturnType<BidsService['evaluate']>>,
    awardedOn: string,
    standstill: string,
  ): Promise<void> {
    for (const lot of evaluations) {
      for (const r of lot.ranking) {
        await enqueueEvent(em, TenderOutcomeV1Event, {
          producer: 'commissioning',
          tenant: null,
          key: tenderId,
          payload: {
            tenderId,
            lotId: lot.lotId,
            bidId: r.bid.id,
            providerId: r.bid.provider.id,
            outcome: r.rank === 1 ? ('successful' as const) : ('unsuccessful' as const),
            rank: r.rank,
            bidsInLot: lot.ranking.length,
            totalBp: r.totalBp,
            winningTotalBp: lot.ranking[0]!.totalBp,
            awardedOn,
            standstillEndsOn: standstill,
          },
        });
      }
    }
  }

  async list(scope: Scope): Promise<Tender[]> {
    const params: unknown[] = [];
    let where = '';
    if (scope.kind === 'council')
      where = `WHERE EXISTS (SELECT 1 FROM tender_council c WHERE c.tender_id = t.id AND c.council_code = $${params.push(scope.councilCode)})`;
    if (scope.kind === 'provider') where = `WHERE t.status <> 'draft'`;
    const rows = (await this.dataSource.query(
      `SELECT t.*, ${DATE_COLUMNS} FROM tender t ${where} ORDER BY t.created_at DESC, t.id`,
      params,
    )) as TenderRow[];
    return hydrateTenders(this.dataSource, rows);
  }

  /** A tender the caller may see, or TENDER_NOT_FOUND (never "exists but not yours"). */
  async get(id: string, scope: Scope, em: EntityManager | DataSource = this.dataSource): Promise<Tender> {
    const rows = (await em.query(`SELECT t.*, ${DATE_COLUMNS} FROM tender t WHERE id = $1`, [id])) as TenderRow[];
    const [tender] = await hydrateTenders(em, rows);
    if (!tender || !visible(tender, scope)) throw new TenderError('TENDER_NOT_FOUND', `no tender ${id}`);
    return tender;
  }

  async create(input: CreateTenderInput, actor: string): Promise<Tender> {
    const priceWeight = input.priceWeight ?? (input.qualityWeight === undefined ? 60 : 100 - input.qualityWeight);
    const qualityWeight = input.qualityWeight ?? 100 - priceWeight;
    if (priceWeight + qualityWeight !== 100)
      throw new TenderError(
        'TENDER_INCOMPLETE',
        `price and quality weights must sum to 100, not ${priceWeight + qualityWeight}`,
      );
    this.checkTimetable(input.timetable ?? {});
    const id = randomUUID();
    await this.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO tender (id, title, description, status, price_weight, quality_weight, quality_questions,
           publish_on, bids_close_on, award_by, created_by, void_sharing)
         VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          id,
          input.title.trim(),
          input.description?.trim() ?? '',
          priceWeight,
          qualityWeight,
          JSON.stringify(input.qualityQuestions ?? []),
          input.timetable?.publishOn ?? null,
          input.timetable?.bidsCloseOn ?? null,
          input.timetable?.awardBy ?? null,
          actor,
          input.voidSharing ?? 'pooled-by-share',
        ],
      );
      for (const lot of input.lots ?? []) await this.insertLot(em, id, lot);
      if (input.councils?.length) await this.replaceCouncils(em, id, input.councils);
    });
    return this.get(id, { kind: 'hub' });
  }

  async addLot(tenderId: string, lot: TenderLotInput): Promise<Tender> {
    await this.dataSource.transaction(async (em) => {
      await this.lockEditable(em, tenderId);
      await this.insertLot(em, tenderId, lot);
    });
    return this.get(tenderId, { kind: 'hub' });
  }

  async setCouncils(tenderId: string, councils: CouncilShareInput[]): Promise<Tender> {
    await this.dataSource.transaction(async (em) => {
      await this.lockEditable(em, tenderId);
      await this.replaceCouncils(em, tenderId, councils);
    });
    return this.get(tenderId, { kind: 'hub' });
  }

  /**
   * Moves a tender along its lifecycle. The status is compared and set in one statement, so two hub users pressing
   * the same button cannot both succeed; an illegal move is refused with ILLEGAL_TRANSITION.
   */
  async transition(
    em: EntityManager,
    tenderId: string,
    to: TenderStatus,
    actor: string,
    reason?: string,
  ): Promise<void> {
    const [row] = (await em.query(`SELECT status FROM tender WHERE id = $1 FOR UPDATE`, [tenderId])) as {
      status: TenderStatus;
    }[];
    if (!row) throw new TenderError('TENDER_NOT_FOUND', `no tender ${tenderId}`);
    assertTransition(row.status, to);
    if (to === 'published') await this.checkPublishable(em, tenderId);
    if (to === 'abandoned' && !reason) throw new TenderError('TENDER_INCOMPLETE', 'say why the tender is abandoned');
    await em.query(`UPDATE tender SET status = $2 WHERE id = $1`, [tenderId, to]);
    if (to === 'published') await noticePublished(em, tenderId);
    await em.query(
      `INSERT INTO tender_transition (tender_id, from_status, to_status, reason, actor) VALUES ($1, $2, $3, $4, $5)`,
      [tenderId, row.status, to, reason ?? null, actor],
    );
  }

  async move(tenderId: string, to: TenderStatus, actor: string, reason?: string): Promise<Tender> {
    await this.dataSource.transaction((em) => this.transition(em, tenderId, to, actor, reason));
    return this.get(tenderId, { kind: 'hub' });
  }

  private async checkPublishable(em: EntityManager, tenderId: string): Promise<void> {
    const [counts] = (await em.query(
      `SELECT (SELECT count(*) FROM tender_lot WHERE tender_id = $1)::int AS lots,
              (SELECT count(*) FROM tender_council WHERE tender_id = $1)::int AS councils,
              (SELECT coalesce(sum(basis_points), 0) FROM tender_council WHERE tender_id = $1)::int AS basis,
              (SELECT jsonb_array_length(quality_questions) FROM tender WHERE id = $1)::int AS questions,
              (SELECT quality_weight FROM tender WHERE id = $1)::int AS quality_weight,
              (SELECT void_sharing FROM tender WHERE id = $1) AS void_sharing,
              (SELECT count(*) FROM tender_council WHERE tender_id = $1 AND beds IS NULL)::int AS without_beds`,
      [tenderId],
    )) as {
      lots: number;
      councils: number;
      basis: number;
      questions: number;
      quality_weight: number;
      void_sharing: VoidSharing;
      without_beds: number;
    }[];
    const problems: string[] = [];
    if (counts!.lots === 0) problems.push('a tender needs at least one lot');
    if (counts!.councils === 0) problems.push('a tender needs participating councils');
    else if (counts!.basis !== 10_000) problems.push(`shares sum to ${counts!.basis} basis points, not 10000`);
    if (counts!.quality_weight > 0 && counts!.questions === 0)
      problems.push('quality has weight but the tender asks no quality questions');
    if (counts!.void_sharing === 'own-beds' && counts!.without_beds > 0)
      problems.push('voids by own beds needs every council to hold allocated beds');
    if (problems.length > 0)
      throw new TenderError('TENDER_INCOMPLETE', `cannot publish: ${problems.join('; ')}`, problems);
  }

  private checkTimetable(t: { publishOn?: string; bidsCloseOn?: string; awardBy?: string }): void {
    if (t.publishOn && t.bidsCloseOn && t.publishOn > t.bidsCloseOn)
      throw new TenderError('TENDER_INCOMPLETE', 'bids cannot close before the tender is published');
    if (t.bidsCloseOn && t.awardBy && t.bidsCloseOn > t.awardBy)
      throw new TenderError('TENDER_INCOMPLETE', 'the award cannot come before bids close');
  }

  private async lockEditable(em: EntityManager, tenderId: string): Promise<void> {
    const [row] = (await em.query(`SELECT status FROM tender WHERE id = $1 FOR UPDATE`, [tenderId])) as {
      status: TenderStatus;
    }[];
    if (!row) throw new TenderError('TENDER_NOT_FOUND', `no tender ${tenderId}`);
    if (row.status !== 'draft')
      throw new TenderError(
        'TENDER_NOT_EDITABLE',
        `lots and shares change only in draft; this tender is ${row.status}`,
      );
  }

  private async insertLot(em: EntityManager, tenderId: string, lot: TenderLotInput): Promise<void> {
    await em.query(
      `INSERT INTO tender_lot (id, tender_id, title, setting_type, placement_category, needs, locality, beds, term_months)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        randomUUID(),
        tenderId,
        lot.title.trim(),
        lot.settingType,
        SETTING_PLACEMENT_CATEGORY[lot.settingType as SettingType],
        [...new Set(lot.needs)],
        lot.locality,
        lot.beds,
        lot.termMonths,
      ],
    );
  }

  private async replaceCouncils(em: EntityManager, tenderId: string, councils: CouncilShareInput[]): Promise<void> {
    const { shares } = normaliseShares(councils, this.config.regionCouncils);
    await em.query(`DELETE FROM tender_council WHERE tender_id = $1`, [tenderId]);
    for (const s of shares) {
      await em.query(
        `INSERT INTO tender_council (tender_id, council_code, basis_points, beds) VALUES ($1, $2, $3, $4)`,
        [tenderId, s.councilCode, s.basisPoints, s.beds ?? null],
      );
    }
  }
}
