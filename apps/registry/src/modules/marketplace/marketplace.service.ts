import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Principal } from '@rcc/auth';
import {
  localAuthorityByCode,
  ReferralResponseV1Event,
  type ReferralResponseV1,
  type SettingType,
} from '@rcc/contracts';
import { enqueueEvent, OutboxRelay } from '@rcc/messaging';
import { InvalidInputError, NotFoundError } from '@rcc/platform';
import { queueNotification } from '../notifications/notification-queue.js';
import { isFlagged } from '../settings/settings.service.js';
import type { MarketReferral, MarketResponse, RespondToReferralInput } from './dtos/marketplace.model.js';
import { AlreadyAnsweredError, ReferralNotOpenError } from './marketplace.exception.js';
import { emitUnmet, type MarketReferralRow } from './referral-intake.js';
import { sharedProfile } from './shared-profile.js';

interface ResponseRow {
  id: string;
  referral_id: string;
  setting_urn: string;
  response: string;
  weekly_price_pence: number | null;
  start_date: string | null;
  decline_reason: string | null;
  decline_note: string | null;
  registration_flag: boolean;
  responded_at: Date;
}

const RESPONSE_COLUMNS = `r.id, r.referral_id, r.setting_urn, r.response, r.weekly_price_pence,
  to_char(r.start_date, 'YYYY-MM-DD') AS start_date, r.decline_reason, r.decline_note, r.registration_flag,
  r.responded_at`;

const toResponse = (r: ResponseRow): MarketResponse => ({
  id: r.id,
  referralId: r.referral_id,
  settingUrn: r.setting_urn,
  response: r.response,
  weeklyPricePence: r.weekly_price_pence,
  startDate: r.start_date,
  declineReason: r.decline_reason,
  declineNote: r.decline_note,
  registrationFlag: r.registration_flag,
  respondedAt: new Date(r.responded_at),
});

/** What a closed referral means for one notified setting; null while it is open. */
function outcomeFor(m: MarketReferralRow, settingUrn: string): string | null {
  if (m.status === 'open') return null;
  if (m.status === 'placed') return m.placed_setting_urn === settingUrn ? 'selected' : 'not-selected';
  return m.status;
}

/**
 * The referral marketplace: anonymised referrals from councils meet declared vacancies. Each referral is sent to the
 * eligible settings (eligibility.ts); providers answer per setting; answers go back to the raising council only (one
 * event keyed by its code); a referral with no offer in the window, or closed unmet, is an unmet-need event.
 */
@Injectable()
export class MarketplaceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  /** The window job: referrals with no offer by their window's end become unmet-need events (once). */
  async expireWindows(): Promise<number> {
    const count = await this.dataSource.transaction(async (em) => {
      const due = (await em.query(
        `SELECT m.* FROM market_referral m
          WHERE m.status = 'open' AND m.unmet_trigger IS NULL AND m.window_ends_at <= now()
            AND NOT EXISTS (SELECT 1 FROM referral_response r WHERE r.referral_id = m.id AND r.response = 'offer')
          ORDER BY m.window_ends_at LIMIT 200 FOR UPDATE OF m SKIP LOCKED`,
      )) as MarketReferralRow[];
      for (const referral of due) await emitUnmet(em, referral, 'no-offer-in-window', []);
      return due.length;
    });
    if (count > 0) this.relay.nudge();
    return count;
  }

  async respond(principal: Principal, input: RespondToReferralInput): Promise<MarketResponse> {
    if (input.response === 'offer') {
      if (input.weeklyPricePence === undefined || input.startDate === undefined || input.declineReason !== undefined)
        throw new InvalidInputError('an offer needs weeklyPricePence and startDate, and no declineReason');
      if (Number.isNaN(Date.parse(`${input.startDate}T00:00:00Z`)))
        throw new InvalidInputError('startDate is not a date');
      if (input.startDate < new Date().toISOString().slice(0, 10))
        throw new InvalidInputError('startDate is in the past: an offer starts today or later');
    } else if (
      input.declineReason === undefined ||
      input.weeklyPricePence !== undefined ||
      input.startDate !== undefined
    ) {
      throw new InvalidInputError('a decline needs a declineReason, and no price or start date');
    }
    const note = input.declineNote?.trim() || undefined;
    if (input.declineReason === 'other' && !note)
      throw new InvalidInputError('Enter why the home cannot take the child: the reason is "other"');
    if (input.declineReason !== 'other' && input.declineNote !== undefined)
      throw new InvalidInputError('Only a decline for another reason takes a note');
    const id = randomUUID();
    await this.dataSource.transaction(async (em) => {
      const [referral] = (await em.query(`SELECT * FROM market_referral WHERE id = $1 FOR UPDATE`, [
        input.referralId,
      ])) as MarketReferralRow[];
      const [sent] = (await em.query(
        `SELECT n.setting_urn, s.setting_type, s.registration_status, p.id AS provider_id, p.name AS provider_name
           FROM referral_notification n JOIN setting s ON s.urn = n.setting_urn JOIN provider p ON p.id = n.provider_id
          WHERE n.referral_id = $1 AND n.setting_urn = $2 AND n.provider_id = $3`,
        [input.referralId, input.settingUrn, principal.provider ?? null],
      )) as {
        setting_urn: string;
        setting_type: SettingType;
        registration_status: string;
        provider_id: string;
        provider_name: string;
      }[];
      // Not sent to this provider's setting: indistinguishable from not existing.
      if (!referral || !sent)
        throw new NotFoundError(`no referral ${input.referralId} was sent to your setting ${input.settingUrn}`);
      if (referral.status !== 'open')
        throw new ReferralNotOpenError(`referral ${input.referralId} is ${referral.status}`);
      const [answered] = (await em.query(
        `SELECT 1 FROM referral_response WHERE referral_id = $1 AND setting_urn = $2`,
        [input.referralId, input.settingUrn],
      )) as unknown[];
      if (answered) throw new AlreadyAnsweredError(`setting ${input.settingUrn} has already answered this referral`);
      const flag = isFlagged(sent.registration_status);
      const [row] = (await em.query(
        `INSERT INTO referral_response (id, referral_id, setting_urn, provider_id, response, weekly_price_pence, start_date,
                                        decline_reason, decline_note, registration_flag, responded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING responded_at`,
        [
          id,
          input.referralId,
          input.settingUrn,
          sent.provider_id,
          input.response,
          input.weeklyPricePence ?? null,
          input.startDate ?? null,
          input.declineReason ?? null,
          note ?? null,
          flag,
          principal.subject,
        ],
      )) as { responded_at: Date }[];
      await queueNotification(
        em,
        input.response === 'offer' ? 'offer-received' : 'decline-received',
        `council:${referral.council_code}`,
        { referralId: input.referralId },
      );
      await enqueueEvent<ReferralResponseV1>(em, ReferralResponseV1Event, {
        producer: 'registry',
        tenant: referral.council_code,
        key: referral.council_code,
        payload: {
          responseId: id,
          referralId: input.referralId,
          councilCode: referral.council_code,
          providerId: sent.provider_id,
          providerName: sent.provider_name.slice(0, 200),
          settingUrn: input.settingUrn,
          settingType: sent.setting_type,
          response: input.response,
          ...(input.response === 'offer'
            ? { weeklyPricePence: input.weeklyPricePence!, startDate: input.startDate! }
            : { declineReason: input.declineReason! }),
          registrationFlag: flag,
          respondedAt: new Date(row!.responded_at).toISOString(),
        },
      });
    });
    this.relay.nudge();
    const [row] = (await this.dataSource.query(`SELECT ${RESPONSE_COLUMNS} FROM referral_response r WHERE r.id = $1`, [
      id,
    ])) as ResponseRow[];
    return toResponse(row!);
  }

  /** Referrals sent to the caller's provider: the anonymised profile, its own settings and its own answers only. */
  async forProvider(principal: Principal, status?: string): Promise<MarketReferral[]> {
    if (!principal.provider) return [];
    const referrals = (await this.dataSource.query(
      `SELECT m.* FROM market_referral m
        WHERE EXISTS (SELECT 1 FROM referral_notification n WHERE n.referral_id = m.id AND n.provider_id = $1)
          AND ($2::text IS NULL OR m.status = $2)
        ORDER BY m.opened_at DESC LIMIT 500`,
      [principal.provider, status ?? null],
    )) as MarketReferralRow[];
    if (referrals.length === 0) return [];
    const ids = referrals.map((r) => r.id);
    const notes = (await this.dataSource.query(
      `SELECT referral_id, setting_urn, distance, on_framework FROM referral_notification
        WHERE provider_id = $1 AND referral_id = ANY($2) ORDER BY rank`,
      [principal.provider, ids],
    )) as { referral_id: string; setting_urn: string; distance: string; on_framework: boolean }[];
    const responses = (await this.dataSource.query(
      `SELECT ${RESPONSE_COLUMNS} FROM referral_response r WHERE r.provider_id = $1 AND r.referral_id = ANY($2)`,
      [principal.provider, ids],
    )) as ResponseRow[];
    return referrals.map((m) => {
      const p = m.profile;
      // The council is named only to the provider it chose (docs/adr/0050).
      const won = notes.some((n) => n.referral_id === m.id && n.setting_urn === m.placed_setting_urn);
      return {
        id: m.id,
        status: m.status,
        ...sharedProfile(p),
        openedAt: new Date(m.opened_at),
        respondBy: new Date(m.window_ends_at),
        changedAt: m.changed_at ? new Date(m.changed_at) : null,
        matches: notes
          .filter((n) => n.referral_id === m.id)
          .map((n) => {
            const response = responses.find((r) => r.referral_id === m.id && r.setting_urn === n.setting_urn);
            return {
              settingUrn: n.setting_urn,
              distance: n.distance,
              onFramework: n.on_framework,
              response: response ? toResponse(response) : null,
              outcome: outcomeFor(m, n.setting_urn),
            };
          }),
        selectedBy: won ? (localAuthorityByCode(m.council_code)?.laName ?? m.council_code) : null,
      };
    });
  }
}
