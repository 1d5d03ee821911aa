import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PlacementEndedV1, PlacementStartedV1 } from '@rcc/contracts';
import { PermanentEventError } from '@rcc/messaging';
import { dateInWords, SERVICE_CONFIG } from '@rcc/platform';
import type { CommissioningConfig } from '../../platform/index.js';
import { ContractsService } from '../contracts/contracts.service.js';
import { dayNumber, isoDate } from '../../domain/index.js';
import { overbookedNight, PLACEMENT_COLUMNS, toBlockPlacement } from './capacity.js';
import { BlockPlacementRefusedError, type BlockRefusalReason } from './placements.exception.js';

interface PlacementRow {
  id: string;
  council_code: string;
  route: string;
  contract_id: string | null;
  weekly_cost_pence: number;
  start_date: string;
  end_date: string | null;
  setting_urn: string;
  child_pseudonym: string;
}

/**
 * Placements as councils report them. A block placement takes a bed of its contract: the contract row is locked
 * while the bed is checked and taken, so concurrent placements on one contract are serialised (never overbooked,
 * never deadlocked: each transaction holds one contract lock). Anything that can never be accepted is a
 * PermanentEventError and is dead-lettered with the reason.
 */
@Injectable()
export class PlacementsService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CommissioningConfig,
    private readonly contracts: ContractsService,
  ) {}

  async started(em: EntityManager, p: PlacementStartedV1): Promise<void> {
    if (!this.config.regionCouncils.includes(p.councilCode))
      throw new PermanentEventError(`${p.councilCode} is not a member council of this region`);
    const existing = await this.existing(em, p);
    if (existing === 'other')
      throw new PermanentEventError(`placement ${p.placementId} was already reported with other facts`);
    if (existing === 'same') {
      // The council reserved this bed before recording the placement: its event confirms the reservation.
      await em.query(`UPDATE placement SET confirmed = true WHERE id = $1 AND NOT confirmed`, [p.placementId]);
      return;
    }
    if (p.route === 'block') {
      const refusal = await this.decide(em, p);
      if (refusal) throw new PermanentEventError(refusal.message);
    }
    await this.insert(em, p, true);
  }

  /**
   * The one place a block placement is accepted or refused (docs/adr/0040): asked by the council before it records
   * the placement, under the contract's lock. Accepted, the bed is held for this placement id (unconfirmed until the
   * council's placement event arrives); refused, nothing is written and the council is told why. Asking again with
   * the same facts gives the same answer.
   */
  async reserve(em: EntityManager, p: PlacementStartedV1): Promise<void> {
    if (p.route !== 'block' || !p.contractId)
      throw new BlockPlacementRefusedError('NOT_A_BLOCK_PLACEMENT', 'only a block placement takes a contract bed');
    if (!this.config.regionCouncils.includes(p.councilCode))
      throw new BlockPlacementRefusedError('NOT_ITS_BEDS', `${p.councilCode} is not a member council of this region`);
    const existing = await this.existing(em, p);
    if (existing === 'other')
      throw new BlockPlacementRefusedError(
        'CONFLICT',
        `placement ${p.placementId} was already reported with other facts`,
      );
    if (existing === 'same') return;
    const refusal = await this.decide(em, p);
    if (refusal) throw new BlockPlacementRefusedError(refusal.reason, refusal.message);
    await this.insert(em, p, false);
  }

  /** A reservation the council could not use (its own transaction failed): the bed is free again. */
  async release(em: EntityManager, placementId: string, councilCode: string): Promise<boolean> {
    const [{ n }] = (await em.query(
      `WITH released AS (DELETE FROM placement WHERE id = $1 AND council_code = $2 AND NOT confirmed RETURNING id)
       SELECT count(*)::int AS n FROM released`,
      [placementId, councilCode],
    )) as [{ n: number }];
    return n > 0;
  }

  private async existing(em: EntityManager, p: PlacementStartedV1): Promise<'same' | 'other' | null> {
    const [existing] = (await em.query(`SELECT ${PLACEMENT_COLUMNS} FROM placement WHERE id = $1`, [
      p.placementId,
    ])) as PlacementRow[];
    if (!existing) return null;
    const same =
      existing.council_code === p.councilCode &&
      existing.route === p.route &&
      existing.contract_id === (p.contractId ?? null) &&
      existing.start_date === p.startDate &&
      existing.weekly_cost_pence === p.weeklyCostPence;
    return same ? 'same' : 'other'; // 'same': the same placement reported again (a new event id, or reserved)
  }

  private async insert(em: EntityManager, p: PlacementStartedV1, confirmed: boolean): Promise<void> {
    await em.query(
      `INSERT INTO placement (id, council_code, route, contract_id, setting_urn, placement_category, child_pseudonym,
         weekly_cost_pence, start_date, confirmed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        p.placementId,
        p.councilCode,
        p.route,
        p.route === 'block' ? p.contractId : null,
        p.settingUrn,
        p.placementCategory,
        p.childPseudonym,
        p.weeklyCostPence,
        p.startDate,
        confirmed,
      ],
    );
  }

  /** Why a block placement cannot have a bed (null when it can), checked under the contract's lock. */
  private async decide(
    em: EntityManager,
    p: PlacementStartedV1,
  ): Promise<{ reason: BlockRefusalReason; message: string } | null> {
    const [terms] = p.contractId ? await this.contracts.loadTerms(em, [p.contractId], 'update') : [];
    if (!terms)
      return { reason: 'NO_SUCH_CONTRACT', message: 'The block contract was not found: choose one of your contracts' };
    const [{ name }] = (await em.query(`SELECT name FROM block_contract WHERE id = $1`, [terms.id])) as [
      { name: string },
    ];
    if (!terms.shares.some((s) => s.councilCode === p.councilCode))
      return { reason: 'NOT_ITS_BEDS', message: `Your council has no share of ${name}: choose one of your contracts` };
    const start = dayNumber(p.startDate);
    if (start < terms.startDay || start >= terms.endDay)
      return {
        reason: 'OUTSIDE_TERM',
        message: `The placement starts on ${dateInWords(p.startDate)}, but ${name} pays for nights from ${dateInWords(isoDate(terms.startDay))} to ${dateInWords(isoDate(terms.endDay - 1))}`,
      };
    const rows = (await em.query(`SELECT ${PLACEMENT_COLUMNS} FROM placement WHERE contract_id = $1 AND id <> $2`, [
      terms.id,
      p.placementId,
    ])) as PlacementRow[];
    const night = overbookedNight(
      rows.map(toBlockPlacement),
      { id: p.placementId, councilCode: p.councilCode, startDay: start, endDay: null },
      terms.beds,
      terms.endDay,
    );
    if (night !== null)
      return {
        reason: 'FULL',
        message: `${name} has no free bed on ${dateInWords(isoDate(night))}: choose another contract, or buy the place as a spot or framework placement`,
      };
    return null;
  }

  /** Returns whether the placement changed (false: the same end reported again). */
  async ended(em: EntityManager, p: PlacementEndedV1): Promise<boolean> {
    const [row] = (await em.query(`SELECT ${PLACEMENT_COLUMNS} FROM placement WHERE id = $1 FOR UPDATE`, [
      p.placementId,
    ])) as PlacementRow[];
    if (!row) throw new PermanentEventError(`placement ${p.placementId} was never started here`);
    if (row.council_code !== p.councilCode)
      throw new PermanentEventError(`placement ${p.placementId} belongs to ${row.council_code}, not ${p.councilCode}`);
    if (row.end_date === p.endDate) return false;
    if (row.end_date !== null)
      throw new PermanentEventError(`placement ${p.placementId} already ended on ${dateInWords(row.end_date)}`);
    if (p.endDate < row.start_date)
      throw new PermanentEventError(
        `placement ${p.placementId} cannot end (${dateInWords(p.endDate)}) before it starts (${dateInWords(row.start_date)})`,
      );
    await em.query(`UPDATE placement SET end_date = $2 WHERE id = $1`, [p.placementId, p.endDate]);
    return true;
  }
}
