import type { EntityManager } from 'typeorm';
import type { ReferralChangedV1 } from '@rcc/contracts';
import { PermanentEventError } from '@rcc/messaging';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { matchNewReferral } from './matching.js';
import { councilPayload, tellProvidersAsked, type Intake, type MarketProfile } from './referral-intake.js';

/** What a new profile stamps on the referral: widened, changed by the council, or nothing (the opening's details). */
export type ProfileStamp = 'widened' | 'changed' | null;

/**
 * Replaces the registry's copy of an open referral's profile and, inside its window, matches it again at once: homes
 * that now fit are sent it, homes already sent it stay asked (docs/adr/0058, 0060). Widening and the council's
 * changes both come through here, in the caller's transaction.
 */
export async function reprofile(
  em: EntityManager,
  config: RegistryConfig,
  referralId: string,
  profile: MarketProfile,
  stamp: ProfileStamp,
  at: Date,
): Promise<void> {
  const column = stamp === 'widened' ? ', widened_at = $3' : stamp === 'changed' ? ', changed_at = $3' : '';
  const [rows] = (await em.query(
    `UPDATE market_referral SET profile = $2${column} WHERE id = $1 RETURNING window_ends_at > now() AS in_window`,
    [referralId, JSON.stringify(profile), ...(stamp ? [at] : [])],
  )) as [{ in_window: boolean }[], number];
  if (rows[0]?.in_window) await matchNewReferral(em, config, referralId, profile);
}

/** Gives homes longer to answer: hours from now, or from the current deadline if that is later. */
export async function extendWindow(em: EntityManager, referralId: string, hours: number): Promise<void> {
  await em.query(
    `UPDATE market_referral SET window_ends_at = greatest(window_ends_at, now()) + make_interval(hours => $2),
            window_extended_at = now()
      WHERE id = $1`,
    [referralId, hours],
  );
}

/**
 * `council.referral-changed` v1: the council's own text about the child, latest start and registration needs replace
 * the registry's copy (a widening the council made stays: it is kept in the profile's other fields), the providers
 * already asked are told, the window is extended if asked, and matching runs again. A referral the registry never
 * had, or that is already closed, is left.
 */
export const changeReferral: Intake<ReferralChangedV1> = async (config, envelope, em) => {
  const p = councilPayload(config, envelope);
  const [row] = (await em.query(`SELECT council_code, status, profile FROM market_referral WHERE id = $1 FOR UPDATE`, [
    p.referralId,
  ])) as { council_code: string; status: string; profile: MarketProfile }[];
  if (!row) return;
  if (row.council_code !== p.councilCode)
    throw new PermanentEventError(`referral ${p.referralId} belongs to ${row.council_code}, not ${p.councilCode}`);
  if (row.status !== 'open') return;
  // The homes asked before the change are told it changed; homes that match only now are sent it as new.
  if (p.reason === 'changed') await tellProvidersAsked(em, p.referralId, 'referral-changed');
  if (p.extendHours) await extendWindow(em, p.referralId, p.extendHours);
  const profile: MarketProfile = { ...row.profile, aboutChild: p.aboutChild, startBy: p.startBy, needs: [...p.needs] };
  await reprofile(
    em,
    config,
    p.referralId,
    profile,
    p.reason === 'changed' ? 'changed' : null,
    new Date(envelope.occurredAt),
  );
};
