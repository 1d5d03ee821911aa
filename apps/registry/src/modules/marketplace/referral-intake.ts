import type { EntityManager } from 'typeorm';
import {
  localAuthorityByCode,
  UnmetNeedV1Event,
  type DeclineReason,
  type EventEnvelope,
  type ReferralClosedV1,
  type ReferralOpenedV2,
  type UnmetNeedV1,
} from '@rcc/contracts';
import { enqueueEvent, PermanentEventError } from '@rcc/messaging';
import { queueNotification } from '../notifications/notification-queue.js';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { matchNewReferral } from './matching.js';
import { takePlaces } from './placed.js';

/**
 * What the marketplace does with councils' referral events, inside the inbox transaction (so an effect happens once):
 * record the referral and notify the eligible settings; stop it when placed or withdrawn; report unmet need.
 */

/**
 * The referral-opened payload without referralId and councilCode, with what the council has since told the homes about
 * the child (council.referral-changed; docs/adr/0060).
 */
export type MarketProfile = Omit<ReferralOpenedV2, 'referralId' | 'councilCode'> & { aboutChild?: string };

export interface MarketReferralRow {
  id: string;
  council_code: string;
  profile: MarketProfile;
  status: string;
  opened_at: Date;
  window_ends_at: Date;
  eligible_settings: number;
  notified_providers: number;
  unmet_trigger: string | null;
  placed_setting_urn: string | null;
  changed_at: Date | null;
}

/** What the marketplace does with one council referral event, in the inbox transaction. */
export type Intake<P extends object> = (
  config: RegistryConfig,
  envelope: EventEnvelope<P>,
  em: EntityManager,
) => Promise<void>;

/** The payload of a council's referral event, once the event is known to come from that member council. */
export function councilPayload<P extends { councilCode: string }>(
  config: RegistryConfig,
  envelope: EventEnvelope<P>,
): P {
  checkCouncil(config, envelope.tenant, envelope.payload.councilCode);
  return envelope.payload;
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
  const p = councilPayload(config, envelope);
  const [known] = (await em.query(`SELECT id FROM market_referral WHERE id = $1`, [p.referralId])) as unknown[];
  if (known) return;
  const openedAt = new Date(envelope.occurredAt);
  const windowEnds = new Date(openedAt.getTime() + config.RCC_REFERRAL_WINDOW_SECONDS * 1000);
  const { referralId: _id, councilCode: _council, ...profile } = p;
  await em.query(
    `INSERT INTO market_referral (id, council_code, profile, opened_at, window_ends_at, eligible_settings, notified_providers)
     VALUES ($1, $2, $3, $4, $5, 0, 0)`,
    [p.referralId, p.councilCode, JSON.stringify(profile), openedAt, windowEnds],
  );
  await matchNewReferral(em, config, p.referralId, p);
}

export async function closeReferral(
  config: RegistryConfig,
  envelope: EventEnvelope<ReferralClosedV1>,
  em: EntityManager,
): Promise<void> {
  const p = councilPayload(config, envelope);
  const [referral] = (await em.query(`SELECT * FROM market_referral WHERE id = $1 FOR UPDATE`, [
    p.referralId,
  ])) as MarketReferralRow[];
  // A referral opened before the registry listened, or never shared: nothing to close.
  if (!referral) return;
  if (referral.council_code !== p.councilCode)
    throw new PermanentEventError(`referral ${p.referralId} belongs to ${referral.council_code}, not ${p.councilCode}`);
  if (referral.status !== 'open') return;
  await em.query(`UPDATE market_referral SET status = $2, closed_at = now(), placed_setting_urn = $3 WHERE id = $1`, [
    p.referralId,
    p.outcome,
    p.outcome === 'placed' ? (p.settingUrn ?? null) : null,
  ]);
  if (p.outcome === 'placed' && p.settingUrn) {
    await takePlaces(config, em, referral, p.settingUrn);
    await tellResponders(em, referral, p.settingUrn);
  }
  if (p.outcome === 'withdrawn') await tellProvidersAsked(em, referral.id, 'referral-withdrawn');
  if (p.outcome === 'unmet' && referral.unmet_trigger === null) {
    await emitUnmet(em, referral, 'closed-unmet', p.reasons);
  }
}

/** Every provider that answered learns its outcome; only the chosen one is told the council's name (ADR 0051). */
async function tellResponders(em: EntityManager, referral: MarketReferralRow, placedUrn: string): Promise<void> {
  const responders = (await em.query(
    `SELECT provider_id, bool_or(setting_urn = $2) AS selected FROM referral_response WHERE referral_id = $1
      GROUP BY provider_id ORDER BY provider_id`,
    [referral.id, placedUrn],
  )) as { provider_id: string; selected: boolean }[];
  const councilName = localAuthorityByCode(referral.council_code)?.laName ?? referral.council_code;
  for (const r of responders)
    await queueNotification(em, r.selected ? 'selected' : 'not-selected', `provider:${r.provider_id}`, {
      referralId: referral.id,
      ...(r.selected ? { councilName } : {}),
    });
}

/** Every provider the referral was sent to (once, however many of its settings) is told it changed or was withdrawn. */
export async function tellProvidersAsked(
  em: EntityManager,
  referralId: string,
  kind: 'referral-changed' | 'referral-withdrawn',
): Promise<void> {
  const asked = (await em.query(
    `SELECT DISTINCT provider_id FROM referral_notification WHERE referral_id = $1 ORDER BY provider_id`,
    [referralId],
  )) as { provider_id: string }[];
  for (const a of asked) await queueNotification(em, kind, `provider:${a.provider_id}`, { referralId });
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
