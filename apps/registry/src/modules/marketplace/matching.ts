import type { EntityManager } from 'typeorm';
import type { SettingType } from '@rcc/contracts';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { queueNotification } from '../notifications/notification-queue.js';
import { vacancyIsFresh } from '../vacancies/vacancy-rows.js';
import type { Distance } from './distance.js';
import { assess, compareMatches, type Candidate, type Ineligible, type ReferralForMatching } from './eligibility.js';

/**
 * Matching a referral to settings (docs/adr/0014, 0050). It runs when the referral arrives and again, while the
 * referral is open and inside its response window, whenever a vacancy is declared or a setting changes: a setting
 * that becomes eligible is sent the referral then. Settings not sent it are counted by the first reason they failed,
 * so the council can see why a referral reached nobody (never which settings).
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
  vacancies: number | null;
  available_from: string | null;
  open_now: boolean | null;
  age_bands: string[] | null;
  can_meet: string[] | null;
}

export type NotMatched = Partial<Record<Ineligible, number>>;

interface Match {
  urn: string;
  providerId: string;
  distance: Distance;
  onFramework: boolean;
}

/** Every setting that is not closed, with its current declaration if it still counts (null otherwise). */
async function loadCandidates(em: EntityManager, config: RegistryConfig): Promise<Candidate[]> {
  const rows = (await em.query(
    `SELECT s.urn, s.provider_id, s.setting_type, s.registration_status, s.age_min, s.age_max, s.sex, s.need_flags,
            s.postcode_district, jsonb_array_length(s.frameworks) > 0 AS on_framework,
            v.vacancies, to_char(v.available_from, 'YYYY-MM-DD') AS available_from,
            v.available_from <= current_date AS open_now, v.age_bands, v.can_meet
       FROM setting s
       LEFT JOIN vacancy v ON v.setting_urn = s.urn AND v.state = 'current' AND ${vacancyIsFresh('v', '$1')}
      WHERE s.registration_status <> 'closed'`,
    [config.RCC_VACANCY_STALE_SECONDS],
  )) as CandidateRow[];
  return rows.map((row) => ({
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
    vacancy:
      row.vacancies === null
        ? null
        : {
            vacancies: row.vacancies,
            availableFrom: row.available_from ?? '',
            openNow: row.open_now ?? true,
            ageBands: row.age_bands ?? [],
            canMeet: row.can_meet ?? [],
          },
  }));
}

/** Sends one referral to the candidates it newly matches; records why the others were not sent it. */
async function matchOne(
  em: EntityManager,
  config: RegistryConfig,
  referralId: string,
  profile: ReferralForMatching,
  candidates: readonly Candidate[],
): Promise<number> {
  const already = new Set(
    (
      (await em.query(`SELECT setting_urn FROM referral_notification WHERE referral_id = $1`, [referralId])) as {
        setting_urn: string;
      }[]
    ).map((r) => r.setting_urn),
  );
  const frameworkOnly = config.RCC_MARKETPLACE_FRAMEWORK_ONLY === 'true';
  const matches: Match[] = [];
  const notMatched: NotMatched = {};
  for (const c of candidates) {
    if (already.has(c.urn)) continue;
    const result = assess(profile, c, frameworkOnly);
    if (result.eligible)
      matches.push({ urn: c.urn, providerId: c.providerId, distance: result.distance, onFramework: c.onFramework });
    else notMatched[result.reason] = (notMatched[result.reason] ?? 0) + 1;
  }
  matches.sort(compareMatches);
  const [{ last }] = (await em.query(
    `SELECT coalesce(max(rank), 0)::int AS last FROM referral_notification WHERE referral_id = $1`,
    [referralId],
  )) as [{ last: number }];
  for (const [i, m] of matches.entries()) {
    await em.query(
      `INSERT INTO referral_notification (referral_id, setting_urn, provider_id, distance, on_framework, rank)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [referralId, m.urn, m.providerId, m.distance, m.onFramework, last + i + 1],
    );
  }
  // Each provider newly sent it is told once, however many of its settings match (docs/adr/0051).
  if (matches.length > 0) {
    const [{ window_ends_at }] = (await em.query(`SELECT window_ends_at FROM market_referral WHERE id = $1`, [
      referralId,
    ])) as [{ window_ends_at: Date }];
    for (const providerId of new Set(matches.map((m) => m.providerId)))
      await queueNotification(em, 'new-referral', `provider:${providerId}`, {
        referralId,
        respondBy: window_ends_at,
        settings: matches.filter((m) => m.providerId === providerId).length,
      });
  }
  await em.query(
    `UPDATE market_referral m SET not_matched = $2,
            eligible_settings = (SELECT count(*) FROM referral_notification n WHERE n.referral_id = m.id),
            notified_providers = (SELECT count(DISTINCT provider_id) FROM referral_notification n WHERE n.referral_id = m.id)
      WHERE m.id = $1`,
    [referralId, JSON.stringify(notMatched)],
  );
  return matches.length;
}

/** Matching for a referral that has just been recorded. Returns how many settings were sent it. */
export async function matchNewReferral(
  em: EntityManager,
  config: RegistryConfig,
  referralId: string,
  profile: ReferralForMatching,
): Promise<number> {
  return matchOne(em, config, referralId, profile, await loadCandidates(em, config));
}

/**
 * Locks the referrals still open inside their window (oldest first) and returns them. The lock order of the registry
 * is: these referrals, then any one referral outside them, then a setting, then its vacancy. Every transaction that
 * re-matches (a declaration, a setting's change, an extended window) takes these locks first; the referral intake
 * locks its one referral and then the home's vacancy (a placement takes the bed). Taken in any other order, two of
 * them could each hold a lock the other waits for (registry.int-spec.ts runs them side by side).
 */
export async function lockOpenReferrals(em: EntityManager): Promise<{ id: string; profile: ReferralForMatching }[]> {
  return (await em.query(
    `SELECT id, profile FROM market_referral WHERE status = 'open' AND window_ends_at > now()
      ORDER BY opened_at LIMIT 500 FOR UPDATE`,
  )) as { id: string; profile: ReferralForMatching }[];
}

/**
 * Re-runs matching for every referral still open inside its window, after a declaration or a setting changed (in the
 * caller's transaction). Returns how many new notifications were sent.
 */
export async function rematchOpenReferrals(em: EntityManager, config: RegistryConfig): Promise<number> {
  const open = await lockOpenReferrals(em);
  if (open.length === 0) return 0;
  const candidates = await loadCandidates(em, config);
  let sent = 0;
  for (const r of open) sent += await matchOne(em, config, r.id, r.profile, candidates);
  return sent;
}
