import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Principal } from '@rcc/auth';
import { SETTING_PLACEMENT_CATEGORY, type SettingType } from '@rcc/contracts';
import { InvalidInputError, NotFoundError, SERVICE_CONFIG } from '@rcc/platform';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { lockOpenReferrals, rematchOpenReferrals } from '../marketplace/matching.js';
import type { FrameworkMembership } from '../provider-import/provider-list.js';
import type { UpdateSettingInput } from './dtos/update-setting.input.js';
import type { Setting } from './setting.model.js';
import { NotYourSettingError } from './settings.exception.js';

export interface SettingRow {
  urn: string;
  provider_id: string;
  name: string;
  setting_type: SettingType;
  registered_places: number;
  need_flags: string[];
  local_authority: string | null;
  local_authority_code: string | null;
  postcode_district: string | null;
  registration_status: string;
  registration_date: string | null;
  closed_date: string | null;
  ofsted_grade: string | null;
  ofsted_grade_note: string | null;
  ofsted_inspected_on: string | null;
  frameworks: FrameworkMembership[];
  age_min: number;
  age_max: number;
  sex: string;
}

export const SETTING_COLUMNS = `s.urn, s.provider_id, s.name, s.setting_type, s.registered_places, s.need_flags, s.local_authority,
  s.local_authority_code, s.postcode_district, s.registration_status, to_char(s.registration_date, 'YYYY-MM-DD') AS registration_date,
  to_char(s.closed_date, 'YYYY-MM-DD') AS closed_date, s.ofsted_grade, s.ofsted_grade_note, s.frameworks, s.age_min, s.age_max,
  s.sex, to_char(s.ofsted_inspected_on, 'YYYY-MM-DD') AS ofsted_inspected_on`;

/** Suspended or unregistered: flagged wherever the setting appears. */
export const isFlagged = (status: string) => status === 'suspended' || status === 'unregistered';

export function toSetting(r: SettingRow): Setting {
  return {
    urn: r.urn,
    name: r.name,
    providerId: r.provider_id,
    settingType: r.setting_type,
    placementCategory: SETTING_PLACEMENT_CATEGORY[r.setting_type],
    registeredPlaces: r.registered_places,
    ageMin: r.age_min,
    ageMax: r.age_max,
    sex: r.sex,
    needFlags: r.need_flags,
    localAuthority: r.local_authority,
    localAuthorityCode: r.local_authority_code,
    postcodeDistrict: r.postcode_district,
    registrationStatus: r.registration_status,
    registrationFlag: isFlagged(r.registration_status),
    registrationDate: r.registration_date,
    closedDate: r.closed_date,
    ofstedGrade: r.ofsted_grade,
    ofstedGradeNote: r.ofsted_grade_note,
    ofstedInspectedOn: r.ofsted_inspected_on,
    frameworks: r.frameworks,
  };
}

/** Settings are public Ofsted facts; who sees which is still scoped: a provider user sees only its own. */
@Injectable()
export class SettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: RegistryConfig,
  ) {}

  async visibleTo(principal: Principal, registrationStatus?: string): Promise<Setting[]> {
    const own = this.ownProviderOnly(principal);
    if (own === false) return [];
    const rows = (await this.dataSource.query(
      `SELECT ${SETTING_COLUMNS} FROM setting s
        WHERE ($1::uuid IS NULL OR s.provider_id = $1) AND ($2::text IS NULL OR s.registration_status = $2)
        ORDER BY s.urn`,
      [own, registrationStatus ?? null],
    )) as SettingRow[];
    return rows.map(toSetting);
  }

  async ofProvider(principal: Principal, providerId: string): Promise<Setting[]> {
    const own = this.ownProviderOnly(principal);
    if (own === false || (own !== null && own !== providerId)) return [];
    const rows = (await this.dataSource.query(
      `SELECT ${SETTING_COLUMNS} FROM setting s WHERE s.provider_id = $1 ORDER BY s.urn`,
      [providerId],
    )) as SettingRow[];
    return rows.map(toSetting);
  }

  async byUrn(urn: string): Promise<Setting | null> {
    const [row] = (await this.dataSource.query(`SELECT ${SETTING_COLUMNS} FROM setting s WHERE s.urn = $1`, [
      urn,
    ])) as SettingRow[];
    return row ? toSetting(row) : null;
  }

  /** One setting for this caller: a provider user gets only its own (another's is "not found", not "forbidden"). */
  async visibleByUrn(principal: Principal, urn: string): Promise<Setting | null> {
    const setting = await this.byUrn(urn);
    if (!setting) return null;
    const own = this.ownProviderOnly(principal);
    if (own !== null && setting.providerId !== own) return null;
    return setting;
  }

  async updateOwn(principal: Principal, input: UpdateSettingInput): Promise<Setting> {
    if (input.ageMin > input.ageMax) throw new InvalidInputError('The youngest age must not be above the oldest age');
    const setting = await this.byUrn(input.urn);
    if (!setting) throw new NotFoundError(`no setting ${input.urn}`);
    if (!principal.provider || setting.providerId !== principal.provider) {
      throw new NotYourSettingError(`setting ${input.urn} is not one of your provider's settings`);
    }
    await this.dataSource.transaction(async (em) => {
      // The open referrals before the setting: the order a declaration takes them in (matching.ts).
      await lockOpenReferrals(em);
      await em.query(`UPDATE setting SET age_min = $2, age_max = $3, sex = $4, updated_at = now() WHERE urn = $1`, [
        input.urn,
        input.ageMin,
        input.ageMax,
        input.sex,
      ]);
      // A setting that now fits an open referral is sent it (docs/adr/0050).
      await rematchOpenReferrals(em, this.config);
    });
    return (await this.byUrn(input.urn))!;
  }

  /** null: everything; a provider id: only that provider's; false: nothing. */
  private ownProviderOnly(principal: Principal): string | null | false {
    if (principal.roles.some((r) => r === 'hub.commissioner' || r === 'council.analyst' || r === 'council.placements'))
      return null;
    if (principal.roles.includes('provider.user') && principal.provider) return principal.provider;
    return false;
  }
}
