import type { EntityManager } from 'typeorm';
import {
  UnmetNeedV1Event,
  type DeclineReason,
  type EventEnvelope,
  type ReferralClosedV1,
  type ReferralOpenedV2,
  type SettingType,
  type UnmetNeedV1,
} from '@rcc/contracts';
import { enqueueEvent, PermanentEventError } from '@rcc/messaging';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { vacancyIsFresh } from '../vacancies/vacancies.service.js';
import type { Distance } from './distance.js';
import { assess, compareMatches, type Candidate } from './eligibility.js';

/**
 * What the marketplace does with councils' referral events, inside the inbox transaction (so an effect happens once):
 * record the referral and notify the eligible settings; stop it when placed or withdrawn; report unmet need.
 */

interface CandidateRow {
  urn: string;
  provider_id: string;
  setting_type: SettingType;
  registration_status: string;
  age_min: number;
  age_max: number;
  sex: string;
  need_flags: string[];
  postcode_district: string | null;
  on_framework: boolean;
  vacancies: number;
  age_bands: string[];
  can_meet: string[];
}

export interface MarketReferralRow {
  id: string;
  council_code: string;
  /** The referral-opened payload without referralId and councilCode. */
  profile: Omit<ReferralOpenedV2, 'referralId' | 'councilCode'>;
  status: string;
  opened_at: Date;
  window_ends_at: Date;
  eligible_settings: number;
  notified_providers: number;
  unmet_trigger: string | null;
}

function checkCouncil(config: RegistryConfig, tenant: string | null, councilCode: string): void {
  if (tenant !== councilCode)
    throw new PermanentEventError(`referral for ${councilCode} came from tenant ${String(tenant)}`);
  const region = config.regionCouncils;
  if (region && !region.includes(councilCode))
    throw new PermanentEventError(`${councilCode} is not a member council of this region`);
}

export async function recordReferral(
  config: RegistryConfig,
  envelope: EventEnvelope<ReferralOpenedV2>,
  em: EntityManager,
): Promise<void> {
  const p = envelope.payload;
  checkCouncil(config, envelope.tenant, p.councilCode);
  const [known] = (await em.query(`SELECT id FROM market_referral WHERE id = $1`, [p.referralId])) as unknown[];
  if (known) return;
  // Only registered settings with a current declaration that still counts can be eligible (eligibility.ts decides).
  const rows = (await em.query(
    `SELECT s.urn, s.provider_id, s.setting_type, s.registration_status, s.age_min, s.age_max, s.sex, s.need_flags,
            s.postcode_district, jsonb_array_length(s.frameworks) > 0 AS on_framework,
            v.vacancies, v.age_bands, v.can_meet
       FROM setting s
       JOIN vacancy v ON v.setting_urn = s.urn AND v.state = 'current' AND ${vacancyIsFresh('v', '$1')}
      WHERE s.registration_status = 'registered'`,
    [config.RCC_VACANCY_STALE_SECONDS],
  )) as CandidateRow[];
  const frameworkOnly = config.RCC_MARKETPLACE_FRAMEWORK_ONLY === 'true';
  const matches: { urn: string; providerId: string; distance: Distance; onFramework: boolean }[] = [];
  for (const row of rows) {
    const candidate: Candidate = {
      urn: row.urn,
      providerId: row.provider_id,
      settingType: row.setting_type,
      registrationStatus: row.registration_status,
      ageMin: row.age_min,
      ageMax: row.age_max,
      sex: row.sex,
      needFlags: row.need_flags,
      postcodeDistrict: row.postcode_district,
      onFramework: row.on_framework,
      vacancy: { vacancies: row.vacancies, ageBands: row.age_bands, canMeet: row.can_meet },
    };
    const result = assess(p, candidate, frameworkOnly);
    if (result.eligible)
      matches.push({
        urn: row.urn,
        providerId: row.provider_id,
        distance: result.distance,
        onFramework: row.on_framework,
      });
  }
  matches.sort(compareMatches);
  const openedAt = new Date(envelope.occurredAt);
  const windowEnds = new Date(openedAt.getTime() + config.RCC_REFERRAL_WINDOW_SECONDS * 1000);
  const { referralId: _id, councilCode: _council, ...profile } = p;
  await em.query(
    `INSERT INTO market_referral (id, council_code, profile, opened_at, window_ends_at, eligible_settings, notified_providers)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      p.referralId,
      p.councilCode,
      JSON.stringify(profile),
      openedAt,
      windowEnds,
      matches.length,
      new Set(matches.map((m) => m.providerId)).size,
    ],
  );
  for (const [rank, m] of matches.entries()) {
    await em.query(
      `INSERT INTO referral_notification (referral_id, setting_urn, provider_id, distance, on_framework, rank)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [p.referralId, m.urn, m.providerId, m.distance, m.onFramework, rank + 1],
    );
  }
}

export async function closeReferral(
  config: RegistryConfig,
  envelope: EventEnvelope<ReferralClosedV1>,
  em: EntityManager,
): Promise<void> {
  const p = envelope.payload;
  checkCouncil(config, envelope.tenant, p.councilCode);
  const [referral] = (await em.query(`SELECT * FROM market_referral WHERE id = $1 FOR UPDATE`, [
    p.referralId,
  ])) as MarketReferralRow[];
  // A referral opened before the registry listened, or never shared: nothing to close.
  if (!referral) return;
  if (referral.council_code !== p.councilCode)
    throw new PermanentEventError(`referral ${p.referralId} belongs to ${referral.council_code}, not ${p.councilCode}`);
  if (referral.status !== 'open') return;
  await em.query(`UPDATE market_referral SET status = $2, closed_at = now() WHERE id = $1`, [p.referralId, p.outcome]);
  if (p.outcome === 'unmet' && referral.unmet_trigger === null) {
    await emitUnmet(em, referral, 'closed-unmet', p.reasons);
  }
}

/** One unmet-need event per referral: the first trigger (window or closed unmet) wins (docs/adr/0014). */
export async function emitUnmet(
  em: EntityManager,
  referral: MarketReferralRow,
  trigger: UnmetNeedV1['trigger'],
  councilReasons: string[],
): Promise<void> {
  await em.query(`UPDATE market_referral SET unmet_trigger = $2, unmet_at = now() WHERE id = $1`, [
    referral.id,
    trigger,
  ]);
  const declines = (await em.query(
    `SELECT decline_reason AS reason, count(*)::int AS count FROM referral_response
      WHERE referral_id = $1 AND response = 'decline' GROUP BY decline_reason ORDER BY decline_reason`,
    [referral.id],
  )) as { reason: DeclineReason; count: number }[];
  const p = referral.profile;
  await enqueueEvent<UnmetNeedV1>(em, UnmetNeedV1Event, {
    producer: 'registry',
    tenant: referral.council_code,
    key: referral.council_code,
    payload: {
      referralId: referral.id,
      councilCode: referral.council_code,
      trigger,
      kind: p.kind,
      ageBand: p.ageBand,
      sex: p.sex,
      siblings: p.siblings,
      localities: p.localities,
      suitability: { ...p.suitability },
      ratio: p.ratio,
      risksToChild: p.risksToChild.map((r) => r.risk),
      risksToOthers: p.risksToOthers,
      support: p.support,
      needs: p.needs,
      eligibleSettings: referral.eligible_settings,
      notifiedProviders: referral.notified_providers,
      declines,
      councilReasons,
    },
  });
}
