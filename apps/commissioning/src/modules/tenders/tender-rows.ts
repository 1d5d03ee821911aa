import type { DataSource, EntityManager } from 'typeorm';
import type { TenderStatus } from './tender.entity.js';
import type { Tender, TenderCouncil, TenderLot } from './tender.model.js';
import { biddingClosedReason, TODAY_SQL } from './tender-timetable.js';

export interface TenderRow {
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
  awarded_on: string | null;
  standstill_ends_on: string | null;
  today: string;
  created_at: Date;
}

export const DATE_COLUMNS = `to_char(publish_on, 'YYYY-MM-DD') AS publish_on, to_char(bids_close_on, 'YYYY-MM-DD') AS bids_close_on,
  to_char(award_by, 'YYYY-MM-DD') AS award_by, to_char(awarded_on, 'YYYY-MM-DD') AS awarded_on,
  to_char(standstill_ends_on, 'YYYY-MM-DD') AS standstill_ends_on, ${TODAY_SQL} AS today`;

/** Tenders with their lots, councils and history, read in three queries whatever the number of tenders. */
export async function hydrateTenders(em: EntityManager | DataSource, rows: TenderRow[]): Promise<Tender[]> {
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
    awardedOn: r.awarded_on,
    standstillEndsOn: r.standstill_ends_on,
    biddingClosedReason: biddingClosedReason(r.status, r.bids_close_on, r.today),
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
