import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@rcc/auth';
import type { CapacityChangedV1 } from '@rcc/contracts';
import { OutboxRelay } from '@rcc/messaging';
import { InvalidInputError, NotFoundError, SERVICE_CONFIG, dateInWords } from '@rcc/platform';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { lockOpenReferrals, rematchOpenReferrals } from '../marketplace/matching.js';
import type { Vacancy } from '../settings/setting.model.js';
import { NotYourSettingError } from '../settings/settings.exception.js';
import type { DeclareVacancyInput } from './dtos/declare-vacancy.input.js';
import { VacancyRefusedError } from './vacancies.exception.js';
import { checkAgainstRegistration, type RegisteredSetting } from './vacancy-checks.js';
import { publishCapacity, SELECT_VACANCY, toVacancy, vacancyIsFresh, type VacancyRow } from './vacancy-rows.js';

/**
 * Declared vacancies: the only supply the marketplace counts. A declaration is dated; it goes stale after
 * RCC_VACANCY_STALE_SECONDS (or after its availableUntil day) and then stops counting at once; the expiry job
 * re-publishes it as `expired` with no places. Every change is a capacity event for analytics.
 */
@Injectable()
export class VacanciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: RegistryConfig,
    private readonly relay: OutboxRelay,
  ) {}

  async declare(principal: Principal, input: DeclareVacancyInput): Promise<Vacancy> {
    const today = new Date().toISOString().slice(0, 10);
    if (Number.isNaN(Date.parse(`${input.availableUntil}T00:00:00Z`)))
      throw new InvalidInputError('The last day the places are available must be a real date');
    if (input.availableUntil < today)
      throw new InvalidInputError(
        `The last day the places are available (${dateInWords(input.availableUntil)}) must be today or later`,
      );
    const from = input.availableFrom ?? today;
    if (Number.isNaN(Date.parse(`${from}T00:00:00Z`)))
      throw new InvalidInputError('The first day a child can move in must be a real date');
    if (from < today)
      throw new InvalidInputError(`The first day a child can move in (${dateInWords(from)}) must be today or later`);
    if (from > input.availableUntil)
      throw new InvalidInputError(
        `The first day a child can move in (${dateInWords(from)}) must be on or before the last day available (${dateInWords(input.availableUntil)})`,
      );
    if (new Set(input.ageBands).size !== input.ageBands.length || new Set(input.canMeet).size !== input.canMeet.length)
      throw new InvalidInputError('an age band or need is listed twice');
    const id = randomUUID();
    await this.dataSource.transaction(async (em) => {
      // The open referrals first, then the vacancy: the order the referral intake takes them in (matching.ts).
      await lockOpenReferrals(em);
      const setting = await this.ownSetting(em, principal, input.urn);
      if (setting.registration_status === 'closed')
        throw new VacancyRefusedError(`setting ${input.urn} is closed: it cannot declare vacancies`);
      checkAgainstRegistration(setting, input);
      await em.query(
        `UPDATE vacancy SET state = 'superseded', ended_at = now() WHERE setting_urn = $1 AND state = 'current'`,
        [input.urn],
      );
      await em.query(
        `INSERT INTO vacancy (id, setting_urn, vacancies, age_bands, can_meet, available_from, available_until, declared_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, input.urn, input.vacancies, input.ageBands, input.canMeet, from, input.availableUntil, principal.subject],
      );
      const [row] = (await em.query(`${SELECT_VACANCY('$2')} WHERE v.id = $1`, [id, this.stale])) as VacancyRow[];
      await this.publish(em, row!, 'declared');
      // A home that declares a vacancy is sent the open referrals it now matches (docs/adr/0050).
      await rematchOpenReferrals(em, this.config);
    });
    this.relay.nudge();
    return (await this.byId(id))!;
  }

  async withdraw(principal: Principal, urn: string): Promise<boolean> {
    const withdrawn = await this.dataSource.transaction(async (em) => {
      await this.ownSetting(em, principal, urn);
      return this.endCurrent(em, urn);
    });
    this.relay.nudge();
    return withdrawn;
  }

  async current(urn: string): Promise<Vacancy | null> {
    const [row] = (await this.dataSource.query(
      `${SELECT_VACANCY('$2')} WHERE v.setting_urn = $1 AND v.state = 'current'`,
      [urn, this.stale],
    )) as VacancyRow[];
    return row ? toVacancy(row) : null;
  }

  /**
   * A setting that stops being registered (closed, suspended, unregistered) cannot take children: its current
   * declaration ends with it, published as withdrawn, in the caller's transaction (the import's).
   */
  endForDeregistered(em: EntityManager, urn: string): Promise<boolean> {
    return this.endCurrent(em, urn);
  }

  /** Ends the setting's current declaration, published as withdrawn, in the caller's transaction. */
  private async endCurrent(em: EntityManager, urn: string): Promise<boolean> {
    const [row] = (await em.query(
      `${SELECT_VACANCY('$2')} WHERE v.setting_urn = $1 AND v.state = 'current' FOR UPDATE OF v`,
      [urn, this.stale],
    )) as VacancyRow[];
    if (!row) return false;
    await em.query(`UPDATE vacancy SET state = 'withdrawn', ended_at = now() WHERE id = $1`, [row.id]);
    await this.publish(em, row, 'withdrawn');
    return true;
  }

  /** Marks stale declarations expired and publishes each as no longer counting. Returns how many expired. */
  async expireStale(): Promise<number> {
    const expired = await this.dataSource.transaction(async (em) => {
      const rows = (await em.query(
        `${SELECT_VACANCY('$1')} WHERE v.state = 'current' AND NOT ${vacancyIsFresh('v', '$1')} ORDER BY v.declared_at
         LIMIT 500 FOR UPDATE OF v SKIP LOCKED`,
        [this.stale],
      )) as VacancyRow[];
      for (const row of rows) {
        await em.query(`UPDATE vacancy SET state = 'expired', ended_at = now() WHERE id = $1`, [row.id]);
        await this.publish(em, row, 'expired');
      }
      return rows.length;
    });
    if (expired > 0) this.relay.nudge();
    return expired;
  }

  private get stale(): number {
    return this.config.RCC_VACANCY_STALE_SECONDS;
  }

  private async byId(id: string): Promise<Vacancy | null> {
    const [row] = (await this.dataSource.query(`${SELECT_VACANCY('$2')} WHERE v.id = $1`, [
      id,
      this.stale,
    ])) as VacancyRow[];
    return row ? toVacancy(row) : null;
  }

  private async ownSetting(em: EntityManager, principal: Principal, urn: string): Promise<RegisteredSetting> {
    const [setting] = (await em.query(
      `SELECT provider_id, registration_status, setting_type, registered_places, age_min, age_max, need_flags
         FROM setting WHERE urn = $1 FOR UPDATE`,
      [urn],
    )) as RegisteredSetting[];
    if (!setting) throw new NotFoundError(`no setting ${urn}`);
    if (!principal.provider || setting.provider_id !== principal.provider)
      throw new NotYourSettingError(`setting ${urn} is not one of your provider's settings`);
    return setting;
  }

  private publish(em: EntityManager, row: VacancyRow, reason: CapacityChangedV1['reason']): Promise<void> {
    return publishCapacity(em, row, reason);
  }
}
