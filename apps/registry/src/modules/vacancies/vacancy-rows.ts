import type { EntityManager } from 'typeorm';
import {
  CapacityChangedV1Event,
  SETTING_PLACEMENT_CATEGORY,
  type AgeBand,
  type CapacityChangedV1,
  type NeedFlag,
  type SettingType,
} from '@rcc/contracts';
import { enqueueEvent } from '@rcc/messaging';
import type { Vacancy } from '../settings/setting.model.js';

/** SQL: is this (current) declaration still counted as supply? $stale is the staleness in seconds. */
export const vacancyIsFresh = (alias: string, staleParam: string) =>
  `(${alias}.declared_at > now() - make_interval(secs => ${staleParam}) AND ${alias}.available_until >= (now() AT TIME ZONE 'UTC')::date)`;

export interface VacancyRow {
  id: string;
  setting_urn: string;
  vacancies: number;
  age_bands: AgeBand[];
  can_meet: NeedFlag[];
  available_from: string;
  available_until: string;
  declared_at: Date;
  stale: boolean;
  stale_after: Date;
  provider_id: string;
  setting_type: SettingType;
  local_authority_code: string | null;
  postcode_district: string | null;
}

export const SELECT_VACANCY = (stale: string) => `
  SELECT v.id, v.setting_urn, v.vacancies, v.age_bands, v.can_meet, to_char(v.available_from, 'YYYY-MM-DD') AS available_from,
         to_char(v.available_until, 'YYYY-MM-DD') AS available_until,
         v.declared_at, NOT ${vacancyIsFresh('v', stale)} AS stale,
         least(v.declared_at + make_interval(secs => ${stale}), (v.available_until + 1)::timestamp AT TIME ZONE 'UTC') AS stale_after, s.provider_id, s.setting_type, s.local_authority_code,
         s.postcode_district
    FROM vacancy v JOIN setting s ON s.urn = v.setting_urn`;

/** A declaration's change as a capacity event: `declared` and `placed` carry the places left, the others none. */
export async function publishCapacity(
  em: EntityManager,
  row: VacancyRow,
  reason: CapacityChangedV1['reason'],
): Promise<void> {
  await enqueueEvent<CapacityChangedV1>(em, CapacityChangedV1Event, {
    producer: 'registry',
    tenant: null,
    key: row.provider_id,
    payload: {
      urn: row.setting_urn,
      providerId: row.provider_id,
      settingType: row.setting_type,
      placementCategory: SETTING_PLACEMENT_CATEGORY[row.setting_type],
      ...(row.local_authority_code ? { localAuthorityCode: row.local_authority_code } : {}),
      ...(row.postcode_district ? { postcodeDistrict: row.postcode_district } : {}),
      vacancies: reason === 'declared' || reason === 'placed' ? row.vacancies : 0,
      ageBands: row.age_bands,
      canMeet: row.can_meet,
      declaredAt: new Date(row.declared_at).toISOString(),
      availableUntil: row.available_until,
      reason,
    },
  });
}

export function toVacancy(r: VacancyRow): Vacancy {
  return {
    id: r.id,
    vacancies: r.vacancies,
    ageBands: r.age_bands,
    canMeet: r.can_meet,
    availableFrom: r.available_from,
    availableUntil: r.available_until,
    declaredAt: new Date(r.declared_at),
    stale: r.stale,
    staleAfter: new Date(r.stale_after),
  };
}
