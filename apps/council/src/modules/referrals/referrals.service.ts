import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@rcc/auth';
import {
  PlacementEndedV1Event,
  PlacementStartedV1Event,
  ReferralClosedV1Event,
  SETTING_PLACEMENT_CATEGORY,
  type EventDefinition,
  type PlacementCategory,
  type PlacementStartedV1,
  type PurchaseRoute,
  type SettingType,
} from '@rcc/contracts';
import { OutboxRelay } from '@rcc/messaging';
import { dateInWords, InvalidInputError, NotFoundError, SERVICE_CONFIG } from '@rcc/platform';
import type { CouncilConfig, SharedDataset } from '../../platform/council.config.js';
import { childPseudonym } from '../../platform/pseudonym.js';
import { AuditService } from '../audit/audit.service.js';
import { BlockBedsClient } from './block-beds.client.js';
import { publishReferralEvent } from './referral-events.js';
import { readReferral, selectReferrals, withResponses, type ReferralRow, type ResponseRow } from './referral-rows.js';
import { ReferralClosedError } from './referrals.exception.js';
import type {
  AcceptOfferInput,
  CloseUnmetInput,
  EndPlacementInput,
  RecordPlacementInput,
  Referral,
  WithdrawReferralInput,
} from './referral.dto.js';

/** The setting kinds a referral rates, and the placement category each one means. */
const SUITABILITY_CATEGORY: Record<'fostering' | 'residential' | 'supported', PlacementCategory> = {
  fostering: 'fostering',
  residential: 'residential',
  supported: 'supported',
};

type OpenReferral = {
  id: string;
  child_id: string;
  profile: ReferralRow['profile'];
  correlation_id: string | null;
};

interface NewPlacement {
  referral: OpenReferral;
  settingUrn: string;
  weeklyCostPence: number;
  route: PurchaseRoute;
  placementCategory: PlacementCategory;
  contractId?: string;
  startDate: string;
  responseId?: string;
}

/**
 * Placement requests after they are opened (opening and changing: `ReferralDetailsService`). Placing one, ending the
 * placement, closing it unmet and withdrawing it each put an anonymised event in the outbox in the same transaction:
 * the region learns what was needed and what happened, never who.
 */
@Injectable()
export class ReferralsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CouncilConfig,
    private readonly relay: OutboxRelay,
    private readonly audit: AuditService,
    private readonly blockBeds: BlockBedsClient,
  ) {}

  async recordPlacement(input: RecordPlacementInput, principal: Principal, token?: string): Promise<Referral> {
    const facts = async (referral: OpenReferral): Promise<NewPlacement> => ({
      referral,
      settingUrn: input.settingUrn,
      weeklyCostPence: input.weeklyCostPence,
      route: input.route,
      placementCategory: input.placementCategory ?? this.preferredCategory(referral),
      contractId: input.contractId,
      startDate: input.startDate,
    });
    await this.placeWithBed(input.referralId, principal, token, facts);
    this.relay.nudge();
    return this.get(input.referralId, principal);
  }

  /** Accepts an offer received from the marketplace: the placement is made at the offered setting, price and date. */
  async acceptOffer(input: AcceptOfferInput, principal: Principal, token?: string): Promise<Referral> {
    const read = async (em: EntityManager | DataSource) => {
      const [offer] = (await em.query(
        `SELECT referral_id, response, setting_urn, setting_type, weekly_price_pence,
                to_char(start_date, 'YYYY-MM-DD') AS start_date
           FROM referral_response WHERE response_id = $1`,
        [input.responseId],
      )) as (Pick<ResponseRow, 'referral_id' | 'response' | 'setting_urn' | 'setting_type'> & {
        weekly_price_pence: string;
        start_date: string;
      })[];
      if (!offer) throw new NotFoundError(`no response ${input.responseId} to this council's referrals`);
      if (offer.response !== 'offer') throw new InvalidInputError(`response ${input.responseId} is a decline`);
      return offer;
    };
    const offer = await read(this.dataSource);
    await this.placeWithBed(offer.referral_id, principal, token, async (referral) => ({
      referral,
      settingUrn: offer.setting_urn,
      weeklyCostPence: Number(offer.weekly_price_pence),
      route: input.route,
      placementCategory: SETTING_PLACEMENT_CATEGORY[offer.setting_type as SettingType] ?? 'other',
      contractId: input.contractId,
      startDate: offer.start_date,
      responseId: input.responseId,
    }));
    this.relay.nudge();
    return this.get(offer.referral_id, principal);
  }

  /**
   * Records a placement. A block placement first asks the hub's ledger for the bed (docs/adr/0040): refused, nothing
   * is recorded and the officer sees why; accepted, the placement is recorded, and if that fails the bed is given
   * back.
   */
  private async placeWithBed(
    referralId: string,
    principal: Principal,
    token: string | undefined,
    facts: (referral: OpenReferral) => Promise<NewPlacement>,
  ): Promise<void> {
    const placementId = randomUUID();
    let reserved = false;
    const before = await facts(await this.lockOpen(this.dataSource, referralId, false));
    this.checkRoute(before);
    if (before.route === 'block') {
      if (!this.config.shares('placements'))
        throw new InvalidInputError(
          'a block placement needs the placements sharing agreement: the hub accepts and costs block beds from it',
        );
      if (!token) throw new InvalidInputError('a block placement is made with the officer’s own sign-in');
      await this.blockBeds.reserve(token, this.startedPayload(placementId, before));
      reserved = true;
    }
    try {
      await this.dataSource.transaction(async (em) => {
        const p = await facts(await this.lockOpen(em, referralId, true));
        if (
          JSON.stringify(this.startedPayload(placementId, p)) !==
          JSON.stringify(this.startedPayload(placementId, before))
        )
          throw new ReferralClosedError(`referral ${referralId} changed while its bed was being reserved; try again`);
        await this.place(em, principal, placementId, p);
      });
    } catch (error) {
      if (reserved) await this.blockBeds.release(token!, placementId);
      throw error;
    }
  }

  async endPlacement(input: EndPlacementInput, principal: Principal, token?: string): Promise<Referral> {
    let freed: string | null = null;
    await this.dataSource.transaction(async (em) => {
      const [placement] = (await em.query(
        `SELECT p.id, p.route, to_char(p.start_date, 'YYYY-MM-DD') AS start_date, p.end_date, r.correlation_id
           FROM placement p JOIN referral r ON r.id = p.referral_id
          WHERE p.referral_id = $1 FOR UPDATE OF p`,
        [input.referralId],
      )) as { id: string; route: string; start_date: string; end_date: string | null; correlation_id: string | null }[];
      if (!placement) throw new NotFoundError(`referral ${input.referralId} has no placement`);
      if (placement.end_date !== null) throw new ReferralClosedError(`the placement for ${input.referralId} has ended`);
      if (input.endDate < placement.start_date)
        throw new InvalidInputError(
          `The end date (${dateInWords(input.endDate)}) must not be before the placement started (${dateInWords(placement.start_date)})`,
        );
      await em.query(`UPDATE placement SET end_date = $2, ended_by = $3 WHERE id = $1`, [
        placement.id,
        input.endDate,
        principal.subject,
      ]);
      await this.publish(em, 'placements', PlacementEndedV1Event, placement.correlation_id, {
        placementId: placement.id,
        councilCode: this.config.COUNCIL_CODE,
        endDate: input.endDate,
      });
      if (placement.route === 'block' && this.config.shares('placements')) freed = placement.id;
    });
    this.relay.nudge();
    // The bed is free from now on at the hub too, not only once the event arrives, so the council's next block
    // placement is not refused for a bed it has just given up (ADR 40). The event still carries the end.
    if (freed && token) await this.blockBeds.ended(token, freed, input.endDate);
    return this.get(input.referralId, principal);
  }

  async closeUnmet(input: CloseUnmetInput, principal: Principal): Promise<Referral> {
    await this.dataSource.transaction(async (em) => {
      const referral = await this.lockOpen(em, input.referralId);
      await em.query(`UPDATE referral SET status = 'unmet', closed_reasons = $2, closed_at = now() WHERE id = $1`, [
        referral.id,
        input.reasons,
      ]);
      await this.publish(em, 'referrals', ReferralClosedV1Event, referral.correlation_id, {
        referralId: referral.id,
        councilCode: this.config.COUNCIL_CODE,
        outcome: 'unmet',
        reasons: input.reasons,
      });
    });
    this.relay.nudge();
    return this.get(input.referralId, principal);
  }

  /** The child no longer needs the search (found a home elsewhere, returned home): providers stop seeing it as open. */
  async withdraw(input: WithdrawReferralInput, principal: Principal): Promise<Referral> {
    await this.dataSource.transaction(async (em) => {
      const referral = await this.lockOpen(em, input.referralId);
      await em.query(`UPDATE referral SET status = 'withdrawn', closed_reasons = $2, closed_at = now() WHERE id = $1`, [
        referral.id,
        [input.reason],
      ]);
      await this.publish(em, 'referrals', ReferralClosedV1Event, referral.correlation_id, {
        referralId: referral.id,
        councilCode: this.config.COUNCIL_CODE,
        outcome: 'withdrawn',
        reasons: [input.reason],
      });
    });
    this.relay.nudge();
    return this.get(input.referralId, principal);
  }

  /** The council's referrals (the newest 500), by status if given; only the one with `id` if given. */
  async list(principal: Principal, status?: string, id?: string): Promise<Referral[]> {
    const rows = (await this.dataSource.query(
      `${selectReferrals()} WHERE ($1::text IS NULL OR r.status = $1) AND ($2::uuid IS NULL OR r.id = $2)
        ORDER BY r.opened_at DESC LIMIT 500`,
      [status ?? null, id ?? null],
    )) as ReferralRow[];
    await this.audit.childLevelRead(principal, 'referrals', {
      status: status ?? null,
      ...(id ? { id } : {}),
      returned: rows.length,
    });
    return withResponses(this.dataSource, rows);
  }

  private checkRoute(p: NewPlacement): void {
    if (p.route === 'block' && !p.contractId)
      throw new InvalidInputError('contractId is required for a placement in a block-contract bed');
    if (p.route !== 'block' && p.contractId) throw new InvalidInputError('contractId applies only to block placements');
  }

  private startedPayload(placementId: string, p: NewPlacement): PlacementStartedV1 {
    return {
      placementId,
      councilCode: this.config.COUNCIL_CODE,
      referralId: p.referral.id,
      childPseudonym: childPseudonym(this.config.RCC_PSEUDONYM_KEY, this.config.COUNCIL_CODE, p.referral.child_id),
      settingUrn: p.settingUrn,
      route: p.route,
      ...(p.contractId ? { contractId: p.contractId } : {}),
      placementCategory: p.placementCategory,
      startDate: p.startDate,
      weeklyCostPence: p.weeklyCostPence,
    };
  }

  private async place(em: EntityManager, principal: Principal, placementId: string, p: NewPlacement): Promise<void> {
    this.checkRoute(p);
    await em.query(
      `INSERT INTO placement (id, referral_id, child_id, setting_urn, weekly_cost_pence, route, start_date, recorded_by,
                              placement_category, contract_id, response_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        placementId,
        p.referral.id,
        p.referral.child_id,
        p.settingUrn,
        p.weeklyCostPence,
        p.route,
        p.startDate,
        principal.subject,
        p.placementCategory,
        p.contractId ?? null,
        p.responseId ?? null,
      ],
    );
    await em.query(`UPDATE referral SET status = 'placed', closed_at = now() WHERE id = $1`, [p.referral.id]);
    await this.publish(em, 'referrals', ReferralClosedV1Event, p.referral.correlation_id, {
      referralId: p.referral.id,
      councilCode: this.config.COUNCIL_CODE,
      outcome: 'placed',
      route: p.route,
      weeklyCostPence: p.weeklyCostPence,
      settingUrn: p.settingUrn,
      reasons: [],
    });
    await this.publish(
      em,
      'placements',
      PlacementStartedV1Event,
      p.referral.correlation_id,
      this.startedPayload(placementId, p),
    );
  }

  /** The category of a placement recorded without one: the single setting kind the referral marked preferred. */
  private preferredCategory(referral: { profile: ReferralRow['profile'] }): PlacementCategory {
    const preferred = (Object.keys(SUITABILITY_CATEGORY) as (keyof typeof SUITABILITY_CATEGORY)[]).filter(
      (kind) => referral.profile.suitability[kind] === 'preferred',
    );
    if (preferred.length !== 1) {
      throw new InvalidInputError(
        'placementCategory is required: the referral does not prefer exactly one kind of setting',
      );
    }
    return SUITABILITY_CATEGORY[preferred[0]!];
  }

  private get(id: string, principal: Principal): Promise<Referral> {
    return readReferral(this.dataSource, this.audit, id, principal);
  }

  private async lockOpen(em: EntityManager | DataSource, id: string, lock = true): Promise<OpenReferral> {
    const [row] = (await em.query(
      `SELECT id, child_id, status, profile, correlation_id FROM referral WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    )) as (OpenReferral & { status: string })[];
    if (!row) throw new NotFoundError(`no referral ${id}`);
    if (row.status !== 'open') throw new ReferralClosedError(`referral ${id} is already ${row.status}`);
    return row;
  }

  private publish<P extends object>(
    em: EntityManager,
    dataset: SharedDataset,
    definition: EventDefinition<P>,
    correlationId: string | null,
    payload: P,
  ): Promise<void> {
    return publishReferralEvent(em, this.config, dataset, definition, correlationId, payload);
  }
}
