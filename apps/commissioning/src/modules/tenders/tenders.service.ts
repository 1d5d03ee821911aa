import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { SETTING_PLACEMENT_CATEGORY, type SettingType } from '@rcc/contracts';
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
import type { TenderStatus } from './tender.entity.js';
import type { Tender, TenderCouncil, TenderLot } from './tender.model.js';
import { TenderError } from './tenders.exception.js';

type ContractSpecCategory = Parameters<ContractsService['create']>[1]['placementCategory'];

/** The same day n months later (clamped to the month's last day): a term of n months. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

interface TenderRow {
  id: string;
  title: string;
  description: string;
  status: TenderStatus;
  price_weight: number;
  quality_weight: number;
  quality_questions: string[];
  publish_on: string | null;
  bids_close_on: string | null;
  award_by: string | null;
  void_sharing: string;
  created_at: Date;
}

const DATE_COLUMNS = `to_char(publish_on, 'YYYY-MM-DD') AS publish_on, to_char(bids_close_on, 'YYYY-MM-DD') AS bids_close_on,
  to_char(award_by, 'YYYY-MM-DD') AS award_by`;

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
    });
    return this.get(tenderId, { kind: 'hub' });
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
    return this.hydrate(this.dataSource, rows);
  }

  /** A tender the caller may see, or TENDER_NOT_FOUND (never "exists but not yours"). */
  async get(id: string, scope: Scope, em: EntityManager | DataSource = this.dataSource): Promise<Tender> {
    const rows = (await em.query(`SELECT t.*, ${DATE_COLUMNS} FROM tender t WHERE id = $1`, [id])) as TenderRow[];
    const [tender] = await this.hydrate(em, rows);
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

  private async hydrate(em: EntityManager | DataSource, rows: TenderRow[]): Promise<Tender[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const lots = (await em.query(
      `SELECT l.*, c.id AS contract_id FROM tender_lot l LEFT JOIN block_contract c ON c.lot_id = l.id
       WHERE l.tender_id = ANY($1::uuid[]) ORDER BY l.created_at, l.id`,
      [ids],
    )) as {
      id: string;
      tender_id: string;
      title: string;
      setting_type: string;
      placement_category: string;
      needs: string[];
      locality: string;
      beds: number;
      term_months: number;
      contract_id: string | null;
    }[];
    const councils = (await em.query(
      `SELECT * FROM tender_council WHERE tender_id = ANY($1::uuid[]) ORDER BY council_code`,
      [ids],
    )) as { tender_id: string; council_code: string; basis_points: number; beds: number | null }[];
    const history = (await em.query(`SELECT * FROM tender_transition WHERE tender_id = ANY($1::uuid[]) ORDER BY id`, [
      ids,
    ])) as { tender_id: string; from_status: string; to_status: string; reason: string | null; at: Date }[];
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      status: r.status,
      priceWeight: r.price_weight,
      qualityWeight: r.quality_weight,
      qualityQuestions: r.quality_questions,
      publishOn: r.publish_on,
      bidsCloseOn: r.bids_close_on,
      awardBy: r.award_by,
      voidSharing: r.void_sharing,
      createdAt: r.created_at,
      lots: lots
        .filter((l) => l.tender_id === r.id)
        .map((l): TenderLot => ({
          id: l.id,
          title: l.title,
          settingType: l.setting_type,
          placementCategory: l.placement_category,
          needs: l.needs,
          locality: l.locality,
          beds: l.beds,
          termMonths: l.term_months,
          contractId: l.contract_id,
        })),
      councils: councils
        .filter((c) => c.tender_id === r.id)
        .map((c): TenderCouncil => ({ councilCode: c.council_code, basisPoints: c.basis_points, beds: c.beds })),
      history: history
        .filter((h) => h.tender_id === r.id)
        .map((h) => ({ from: h.from_status, to: h.to_status, reason: h.reason, at: h.at })),
    }));
  }
}
