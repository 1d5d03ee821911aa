import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  CapacityChangedV1Event,
  ContractAwardedV1Event,
  ContractPeriodClosedV1Event,
  PlacementEndedV1Event,
  PlacementStartedV1Event,
  ReferralClosedV1Event,
  ReferralOpenedV2Event,
  SettingChangedV1Event,
  UnmetNeedV1Event,
  type CapacityChangedV1,
  type ContractAwardedV1,
  type ContractPeriodClosedV1,
  type EventEnvelope,
  type PlacementEndedV1,
  type PlacementStartedV1,
  type ReferralClosedV1,
  type ReferralOpenedV2,
  type SettingChangedV1,
  type UnmetNeedV1,
} from '@rcc/contracts';
import { PermanentEventError, type EventHandler } from '@rcc/messaging';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';

/**
 * The placement category a referral asks for: the one its council marked preferred, else the first marked suitable
 * (fostering, residential, supported), else `other`.
 */
export function referralCategory(s: { fostering: string; residential: string; supported: string }): string {
  const order = ['fostering', 'residential', 'supported'] as const;
  return order.find((c) => s[c] === 'preferred') ?? order.find((c) => s[c] === 'suitable') ?? 'other';
}

/** A council's own event: it must come from that council, and the council must be a member of this region. */
function checkCouncil(config: AnalyticsConfig, envelope: EventEnvelope<{ councilCode: string }>, fromCouncil: boolean) {
  const code = envelope.payload.councilCode;
  if (fromCouncil && (envelope.tenant !== code || envelope.key !== code)) {
    throw new PermanentEventError(
      `event for ${code} came from tenant ${String(envelope.tenant)} with key ${envelope.key}`,
    );
  }
  if (!config.regionCouncils.includes(code))
    throw new PermanentEventError(`${code} is not a member council of this region`);
}

/** The registry's settings: type, locality (local authority, postcode district), registration. Latest wins. */
@Injectable()
export class SettingChangedConsumer implements EventHandler<SettingChangedV1> {
  readonly definition = SettingChangedV1Event;

  async handle(envelope: EventEnvelope<SettingChangedV1>, em: EntityManager): Promise<void> {
    const p = envelope.payload;
    await em.query(
      `INSERT INTO market_setting (urn, provider_id, setting_type, placement_category, registration_status,
                                   local_authority_code, postcode_district, registered_places, closed, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (urn) DO UPDATE SET provider_id = EXCLUDED.provider_id, setting_type = EXCLUDED.setting_type,
         placement_category = EXCLUDED.placement_category, registration_status = EXCLUDED.registration_status,
         local_authority_code = EXCLUDED.local_authority_code, postcode_district = EXCLUDED.postcode_district,
         registered_places = EXCLUDED.registered_places, closed = EXCLUDED.closed, occurred_at = EXCLUDED.occurred_at
       WHERE market_setting.occurred_at <= EXCLUDED.occurred_at`,
      [
        p.urn,
        p.providerId,
        p.settingType,
        p.placementCategory,
        p.registrationStatus,
        p.localAuthorityCode ?? null,
        p.postcodeDistrict ?? null,
        p.registeredPlaces,
        p.change === 'closed',
        envelope.occurredAt,
      ],
    );
  }
}

/** Declared, dated vacancies: the usable supply (an expired or withdrawn declaration arrives with 0). Latest wins. */
@Injectable()
export class CapacityChangedConsumer implements EventHandler<CapacityChangedV1> {
  readonly definition = CapacityChangedV1Event;

  async handle(envelope: EventEnvelope<CapacityChangedV1>, em: EntityManager): Promise<void> {
    const p = envelope.payload;
    await em.query(
      `INSERT INTO market_capacity (urn, provider_id, setting_type, placement_category, local_authority_code,
                                    postcode_district, vacancies, age_bands, can_meet, declared_at, available_until,
                                    reason, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (urn) DO UPDATE SET provider_id = EXCLUDED.provider_id, setting_type = EXCLUDED.setting_type,
         placement_category = EXCLUDED.placement_category, local_authority_code = EXCLUDED.local_authority_code,
         postcode_district = EXCLUDED.postcode_district, vacancies = EXCLUDED.vacancies,
         age_bands = EXCLUDED.age_bands, can_meet = EXCLUDED.can_meet, declared_at = EXCLUDED.declared_at,
         available_until = EXCLUDED.available_until, reason = EXCLUDED.reason, occurred_at = EXCLUDED.occurred_at
       WHERE market_capacity.occurred_at <= EXCLUDED.occurred_at`,
      [
        p.urn,
        p.providerId,
        p.settingType,
        p.placementCategory,
        p.localAuthorityCode ?? null,
        p.postcodeDistrict ?? null,
        p.reason === 'declared' || p.reason === 'placed' ? p.vacancies : 0,
        JSON.stringify(p.ageBands),
        JSON.stringify(p.canMeet),
        p.declaredAt,
        p.availableUntil,
        p.reason,
        envelope.occurredAt,
      ],
    );
  }
}

@Injectable()
export class ReferralOpenedConsumer implements EventHandler<ReferralOpenedV2> {
  readonly definition = ReferralOpenedV2Event;
  constructor(@Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig) {}

  async handle(envelope: EventEnvelope<ReferralOpenedV2>, em: EntityManager): Promise<void> {
    checkCouncil(this.config, envelope, true);
    const p = envelope.payload;
    await em.query(
      `INSERT INTO market_referral (referral_id, council_code, kind, age_band, placement_category, needs, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (referral_id) DO UPDATE SET kind = EXCLUDED.kind, age_band = EXCLUDED.age_band,
         placement_category = EXCLUDED.placement_category, needs = EXCLUDED.needs, opened_at = EXCLUDED.opened_at`,
      [
        p.referralId,
        p.councilCode,
        p.kind,
        p.ageBand,
        referralCategory(p.suitability),
        JSON.stringify(p.needs),
        envelope.occurredAt,
      ],
    );
  }
}

/** A referral closed: placed (route, weekly cost, setting: the price distributions) or unmet (with reasons). */
@Injectable()
export class ReferralClosedConsumer implements EventHandler<ReferralClosedV1> {
  readonly definition = ReferralClosedV1Event;
  constructor(@Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig) {}

  async handle(envelope: EventEnvelope<ReferralClosedV1>, em: EntityManager): Promise<void> {
    checkCouncil(this.config, envelope, true);
    const p = envelope.payload;
    await em.query(
      `INSERT INTO market_referral (referral_id, council_code, closed_at, outcome, route, weekly_cost_pence,
                                    setting_urn, reasons)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (referral_id) DO UPDATE SET closed_at = EXCLUDED.closed_at, outcome = EXCLUDED.outcome,
         route = EXCLUDED.route, weekly_cost_pence = EXCLUDED.weekly_cost_pence, setting_urn = EXCLUDED.setting_urn,
         reasons = EXCLUDED.reasons`,
      [
        p.referralId,
        p.councilCode,
        envelope.occurredAt,
        p.outcome,
        p.route ?? null,
        p.weeklyCostPence ?? null,
        p.settingUrn ?? null,
        JSON.stringify(p.reasons),
      ],
    );
  }
}

/** The registry's market-gap signal: a referral with no offer in the window (or closed unmet), with declines. */
@Injectable()
export class UnmetNeedConsumer implements EventHandler<UnmetNeedV1> {
  readonly definition = UnmetNeedV1Event;
  constructor(@Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig) {}

  async handle(envelope: EventEnvelope<UnmetNeedV1>, em: EntityManager): Promise<void> {
    checkCouncil(this.config, envelope, false);
    const p = envelope.payload;
    await em.query(
      `INSERT INTO market_referral (referral_id, council_code, kind, age_band, needs, unmet_at, unmet_trigger,
                                    declines, reasons, placement_category)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (referral_id) DO UPDATE SET kind = COALESCE(market_referral.kind, EXCLUDED.kind),
         age_band = COALESCE(market_referral.age_band, EXCLUDED.age_band),
         placement_category = COALESCE(market_referral.placement_category, EXCLUDED.placement_category),
         needs = CASE WHEN market_referral.needs = '[]'::jsonb THEN EXCLUDED.needs ELSE market_referral.needs END,
         unmet_at = EXCLUDED.unmet_at, unmet_trigger = EXCLUDED.unmet_trigger, declines = EXCLUDED.declines,
         reasons = CASE WHEN market_referral.reasons = '[]'::jsonb THEN EXCLUDED.reasons ELSE market_referral.reasons END`,
      [
        p.referralId,
        p.councilCode,
        p.kind,
        p.ageBand,
        JSON.stringify(p.needs),
        envelope.occurredAt,
        p.trigger,
        JSON.stringify(p.declines),
        JSON.stringify(p.councilReasons),
        referralCategory(p.suitability),
      ],
    );
  }
}

/** Placements: where each council's children are (in or out of its area, via the setting's local authority). */
@Injectable()
export class PlacementStartedConsumer implements EventHandler<PlacementStartedV1> {
  readonly definition = PlacementStartedV1Event;
  constructor(@Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig) {}

  async handle(envelope: EventEnvelope<PlacementStartedV1>, em: EntityManager): Promise<void> {
    checkCouncil(this.config, envelope, true);
    const p = envelope.payload;
    await em.query(
      `INSERT INTO market_placement (placement_id, council_code, setting_urn, route, contract_id, placement_category,
                                     start_date, weekly_cost_pence)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (placement_id) DO UPDATE SET setting_urn = EXCLUDED.setting_urn, route = EXCLUDED.route,
         contract_id = EXCLUDED.contract_id, placement_category = EXCLUDED.placement_category,
         start_date = EXCLUDED.start_date, weekly_cost_pence = EXCLUDED.weekly_cost_pence`,
      [
        p.placementId,
        p.councilCode,
        p.settingUrn,
        p.route,
        p.contractId ?? null,
        p.placementCategory,
        p.startDate,
        p.weeklyCostPence,
      ],
    );
  }
}

@Injectable()
export class PlacementEndedConsumer implements EventHandler<PlacementEndedV1> {
  readonly definition = PlacementEndedV1Event;
  constructor(@Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig) {}

  async handle(envelope: EventEnvelope<PlacementEndedV1>, em: EntityManager): Promise<void> {
    checkCouncil(this.config, envelope, true);
    const p = envelope.payload;
    const updated = (await em.query(
      `UPDATE market_placement SET end_date = $3 WHERE placement_id = $1 AND council_code = $2 RETURNING placement_id`,
      [p.placementId, p.councilCode, p.endDate],
    )) as [unknown[], number] | unknown[];
    const rows = Array.isArray(updated[0]) ? (updated[0] as unknown[]) : (updated as unknown[]);
    // Per-council order holds on the topic, so an end before its start is a producer bug: retrying cannot help.
    if (rows.length === 0) throw new PermanentEventError(`placement ${p.placementId} ended but never started`);
  }
}

@Injectable()
export class ContractAwardedConsumer implements EventHandler<ContractAwardedV1> {
  readonly definition = ContractAwardedV1Event;

  async handle(envelope: EventEnvelope<ContractAwardedV1>, em: EntityManager): Promise<void> {
    const p = envelope.payload;
    await em.query(
      `INSERT INTO market_contract (contract_id, provider_id, setting_urns, placement_category, beds,
                                    weekly_price_per_bed_pence, start_date, end_date, shares)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (contract_id) DO NOTHING`,
      [
        p.contractId,
        p.providerId,
        JSON.stringify(p.settingUrns),
        p.placementCategory,
        p.beds,
        p.weeklyPricePerBedPence,
        p.startDate,
        p.endDate,
        JSON.stringify(p.shares),
      ],
    );
  }
}

/** A closed month of a block contract: bed-nights occupied and void, cost and void cost, per council. */
@Injectable()
export class ContractPeriodClosedConsumer implements EventHandler<ContractPeriodClosedV1> {
  readonly definition = ContractPeriodClosedV1Event;

  async handle(envelope: EventEnvelope<ContractPeriodClosedV1>, em: EntityManager): Promise<void> {
    const p = envelope.payload;
    await em.query(
      `INSERT INTO market_contract_period (contract_id, period, placement_category, bed_nights, occupied_bed_nights,
                                           void_bed_nights, cost_pence, void_cost_pence, councils)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (contract_id, period) DO UPDATE SET placement_category = EXCLUDED.placement_category,
         bed_nights = EXCLUDED.bed_nights, occupied_bed_nights = EXCLUDED.occupied_bed_nights,
         void_bed_nights = EXCLUDED.void_bed_nights, cost_pence = EXCLUDED.cost_pence,
         void_cost_pence = EXCLUDED.void_cost_pence, councils = EXCLUDED.councils`,
      [
        p.contractId,
        p.period,
        p.placementCategory,
        p.bedNights,
        p.occupiedBedNights,
        p.voidBedNights,
        p.costPence,
        p.voidCostPence,
        JSON.stringify(p.councils),
      ],
    );
  }
}

/** Every handler of the market module, for the inbox wiring in app.module.ts. */
export const MARKET_CONSUMERS = [
  SettingChangedConsumer,
  CapacityChangedConsumer,
  ReferralOpenedConsumer,
  ReferralClosedConsumer,
  UnmetNeedConsumer,
  PlacementStartedConsumer,
  PlacementEndedConsumer,
  ContractAwardedConsumer,
  ContractPeriodClosedConsumer,
];
