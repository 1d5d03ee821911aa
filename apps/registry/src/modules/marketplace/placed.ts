import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { publishCapacity, SELECT_VACANCY, type VacancyRow } from '../vacancies/vacancy-rows.js';
import type { MarketReferralRow } from './referral-intake.js';

/**
 * A placement takes the places it fills (docs/adr/0050): the chosen setting's current declaration is replaced by one
 * with the child and siblings taken off (never below 0), keeping its date, ages, needs and last day, so it goes stale
 * when the provider's own declaration would have. Published as `placed` so the supply figures drop at once.
 */
export async function takePlaces(
  config: RegistryConfig,
  em: EntityManager,
  referral: MarketReferralRow,
  settingUrn: string,
): Promise<void> {
  const [current] = (await em.query(
    `${SELECT_VACANCY('$2')} WHERE v.setting_urn = $1 AND v.state = 'current' FOR UPDATE OF v`,
    [settingUrn, config.RCC_VACANCY_STALE_SECONDS],
  )) as VacancyRow[];
  if (!current) return;
  const taken = 1 + referral.profile.siblings;
  const left = Math.max(0, current.vacancies - taken);
  const id = randomUUID();
  await em.query(`UPDATE vacancy SET state = 'superseded', ended_at = now() WHERE id = $1`, [current.id]);
  await em.query(
    `INSERT INTO vacancy (id, setting_urn, vacancies, age_bands, can_meet, available_from, available_until, declared_at,
                          declared_by, placed_referral_id)
     SELECT $1, setting_urn, $2, age_bands, can_meet, available_from, available_until, declared_at, 'placement', $3
       FROM vacancy WHERE id = $4`,
    [id, left, referral.id, current.id],
  );
  await publishCapacity(em, { ...current, id, vacancies: left }, 'placed');
}
