import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  SETTING_PLACEMENT_CATEGORY,
  SettingChangedV1Event,
  type RegistrationStatus,
  type SettingChangedV1,
  type SettingType,
} from '@rcc/contracts';
import { enqueueEvent, OutboxRelay } from '@rcc/messaging';
import type { SettingRow } from '../settings/settings.service.js';
import { VacanciesService } from '../vacancies/vacancies.service.js';
import type { ProviderImportSummary } from './dtos/import-providers.input.js';
import { ProviderImportRejectedError } from './provider-import.exception.js';
import { parseProviderLists, type ProviderListRow } from './provider-list.js';

/** The registry fields an import maintains; a difference in any of them makes the setting `changed`. */
const TRACKED = [
  'providerId',
  'name',
  'settingType',
  'registeredPlaces',
  'needFlags',
  'localAuthority',
  'localAuthorityCode',
  'postcodeDistrict',
  'registrationStatus',
  'registrationDate',
  'closedDate',
  'ofstedGrade',
  'ofstedGradeNote',
  'ofstedInspectedOn',
  'frameworks',
] as const;
type Tracked = Record<(typeof TRACKED)[number], unknown>;

/** A setting as stored, the columns an import compares (settings.service.ts reads the same row). */
type ExistingSetting = Omit<SettingRow, 'age_min' | 'age_max' | 'sex'>;

/** JSON with object keys sorted: jsonb does not keep key order, so compare canonical forms. */
const stable = (v: unknown): string =>
  JSON.stringify(v ?? null, (_k, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );

/**
 * Imports Ofsted / DfE provider lists, repeatably: settings are recognised by URN as new, changed (which fields),
 * closed or unchanged, and every new, changed or closed setting is a `registry.setting-changed` event in the same
 * transaction. Lenient by default: rows with errors are left out and reported, the rest imported in one transaction;
 * strict: any row-level error refuses the whole import and nothing is written. A file-level error (unreadable, not a
 * provider list, a required column missing) always refuses: that is the wrong file, not an odd row.
 */
@Injectable()
export class ProviderImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly vacancies: VacanciesService,
  ) {}

  async import(
    files: { name: string; content: Buffer }[],
    options: { strict: boolean } = { strict: false },
  ): Promise<ProviderImportSummary> {
    const parsed = await parseProviderLists(files);
    const rejectedRows = new Set(parsed.errors.map((e) => `${e.file}:${e.row}`)).size;
    const fileLevel = parsed.errors.some((e) => e.row <= 1);
    if (parsed.errors.length > 0 && (options.strict || fileLevel)) {
      throw new ProviderImportRejectedError(parsed.errors, rejectedRows);
    }
    const summary: ProviderImportSummary = {
      rows: parsed.rows.length,
      created: 0,
      changed: 0,
      closed: 0,
      unchanged: 0,
      rejected: rejectedRows,
      rejections: parsed.errors,
      outOfScope: parsed.outOfScope,
      providersCreated: 0,
    };
    await this.dataSource.transaction(async (em) => {
      // One import at a time: two lists racing on the same URNs would both see them as new.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('registry.provider-import'))`);
      const providers = await this.providerIds(em, parsed.rows, summary);
      const existing = new Map(
        (
          (await em.query(
            `SELECT urn, provider_id, name, setting_type, registered_places, need_flags, local_authority, local_authority_code,
                    postcode_district, registration_status, to_char(registration_date, 'YYYY-MM-DD') AS registration_date,
                    to_char(closed_date, 'YYYY-MM-DD') AS closed_date, ofsted_grade, ofsted_grade_note, frameworks,
                    to_char(ofsted_inspected_on, 'YYYY-MM-DD') AS ofsted_inspected_on
               FROM setting WHERE urn = ANY($1) FOR UPDATE`,
            [parsed.rows.map((r) => r.urn)],
          )) as ExistingSetting[]
        ).map((s) => [s.urn, s]),
      );
      for (const row of parsed.rows) {
        const providerId = providers.get(row.ownerName.toLowerCase())!;
        const incoming = tracked(row, providerId);
        const before = existing.get(row.urn);
        if (!before) {
          await em.query(
            `INSERT INTO setting (urn, provider_id, name, setting_type, registered_places, need_flags, local_authority,
                                  local_authority_code, postcode_district, registration_status, registration_date, closed_date,
                                  ofsted_grade, frameworks, ofsted_grade_note, ofsted_inspected_on, age_min, age_max, sex)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
            [...settingValues(row, providerId), row.ageMin, row.ageMax, row.sex],
          );
          const change = row.registrationStatus === 'closed' ? 'closed' : 'new';
          if (change === 'closed') summary.closed += 1;
          else summary.created += 1;
          await this.publish(em, row, providerId, change, []);
          continue;
        }
        const old = trackedFromDb(before);
        const changedFields = TRACKED.filter((f) => stable(old[f]) !== stable(incoming[f]));
        if (changedFields.length === 0) {
          summary.unchanged += 1;
          continue;
        }
        await em.query(
          `UPDATE setting SET provider_id = $2, name = $3, setting_type = $4, registered_places = $5, need_flags = $6,
                  local_authority = $7, local_authority_code = $8, postcode_district = $9, registration_status = $10,
                  registration_date = $11, closed_date = $12, ofsted_grade = $13, frameworks = $14, ofsted_grade_note = $15,
                  ofsted_inspected_on = $16, updated_at = now()
            WHERE urn = $1`,
          settingValues(row, providerId),
        );
        if (row.registrationStatus !== 'registered' && before.registration_status === 'registered') {
          // Closed, suspended or unregistered: no longer supply. Its declared places end with the registration.
          await this.vacancies.endForDeregistered(em, row.urn);
        }
        const closedNow = row.registrationStatus === 'closed' && before.registration_status !== 'closed';
        if (closedNow) {
          summary.closed += 1;
          await this.publish(em, row, providerId, 'closed', []);
        } else {
          summary.changed += 1;
          await this.publish(em, row, providerId, 'changed', [...changedFields]);
        }
      }
    });
    this.relay.nudge();
    return summary;
  }

  /** Providers by owner name (case-insensitive): created when new; sector and top company kept up to date. */
  private async providerIds(
    em: EntityManager,
    rows: ProviderListRow[],
    summary: ProviderImportSummary,
  ): Promise<Map<string, string>> {
    const byName = new Map<string, ProviderListRow>();
    for (const r of rows) byName.set(r.ownerName.toLowerCase(), r);
    const found = (await em.query(
      `SELECT id, lower(name) AS key, sector, top_company FROM provider WHERE lower(name) = ANY($1)`,
      [[...byName.keys()]],
    )) as { id: string; key: string; sector: string; top_company: string | null }[];
    const ids = new Map(found.map((p) => [p.key, p.id]));
    for (const p of found) {
      const row = byName.get(p.key)!;
      if (p.sector !== row.sector || p.top_company !== row.topCompany) {
        await em.query(`UPDATE provider SET sector = $2, top_company = $3 WHERE id = $1`, [
          p.id,
          row.sector,
          row.topCompany,
        ]);
      }
    }
    for (const [key, row] of byName) {
      if (ids.has(key)) continue;
      const id = randomUUID();
      await em.query(`INSERT INTO provider (id, name, sector, top_company) VALUES ($1, $2, $3, $4)`, [
        id,
        row.ownerName,
        row.sector,
        row.topCompany,
      ]);
      ids.set(key, id);
      summary.providersCreated += 1;
    }
    return ids;
  }

  private async publish(
    em: EntityManager,
    row: ProviderListRow,
    providerId: string,
    change: SettingChangedV1['change'],
    changedFields: string[],
  ): Promise<void> {
    await enqueueEvent<SettingChangedV1>(em, SettingChangedV1Event, {
      producer: 'registry',
      tenant: null,
      key: providerId,
      payload: {
        urn: row.urn,
        providerId,
        change,
        settingType: row.settingType,
        placementCategory: SETTING_PLACEMENT_CATEGORY[row.settingType],
        registrationStatus: row.registrationStatus,
        ...(row.localAuthorityCode ? { localAuthorityCode: row.localAuthorityCode } : {}),
        ...(row.postcodeDistrict ? { postcodeDistrict: row.postcodeDistrict } : {}),
        registeredPlaces: row.registeredPlaces,
        changedFields,
      },
    });
  }
}

/** The values $1..$16 of both the INSERT and the UPDATE of a setting, in their column order. */
function settingValues(row: ProviderListRow, providerId: string): unknown[] {
  return [
    row.urn,
    providerId,
    row.settingName,
    row.settingType,
    row.registeredPlaces,
    row.needFlags,
    row.localAuthority,
    row.localAuthorityCode,
    row.postcodeDistrict,
    row.registrationStatus,
    row.registrationDate,
    row.closedDate,
    row.ofstedGrade,
    JSON.stringify(row.frameworks),
    row.ofstedGradeNote,
    row.ofstedInspectedOn,
  ];
}

function tracked(row: ProviderListRow, providerId: string): Tracked {
  return {
    providerId,
    name: row.settingName,
    settingType: row.settingType,
    registeredPlaces: row.registeredPlaces,
    needFlags: row.needFlags,
    localAuthority: row.localAuthority,
    localAuthorityCode: row.localAuthorityCode,
    postcodeDistrict: row.postcodeDistrict,
    registrationStatus: row.registrationStatus,
    registrationDate: row.registrationDate,
    closedDate: row.closedDate,
    ofstedGrade: row.ofstedGrade,
    ofstedGradeNote: row.ofstedGradeNote,
    ofstedInspectedOn: row.ofstedInspectedOn,
    frameworks: row.frameworks,
  };
}

function trackedFromDb(s: ExistingSetting): Tracked {
  return {
    providerId: s.provider_id,
    name: s.name,
    settingType: s.setting_type as SettingType,
    registeredPlaces: s.registered_places,
    needFlags: s.need_flags,
    localAuthority: s.local_authority,
    localAuthorityCode: s.local_authority_code,
    postcodeDistrict: s.postcode_district,
    registrationStatus: s.registration_status as RegistrationStatus,
    registrationDate: s.registration_date,
    closedDate: s.closed_date,
    ofstedGrade: s.ofsted_grade,
    ofstedGradeNote: s.ofsted_grade_note,
    ofstedInspectedOn: s.ofsted_inspected_on,
    frameworks: s.frameworks,
  };
}
