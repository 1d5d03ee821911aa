import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Principal } from '@rcc/auth';
import { InvalidInputError, NotFoundError, SERVICE_CONFIG } from '@rcc/platform';
import type { RegistryConfig } from '../../platform/registry.config.js';
import type { ExtendReferralWindowInput, ReferralReach, WidenReferralInput } from './dtos/reach.model.js';
import { ReferralNotOpenError } from './marketplace.exception.js';
import { lockOpenReferrals, rematchOpenReferrals, type NotMatched } from './matching.js';
import { extendWindow, reprofile } from './referral-change.js';
import type { MarketReferralRow } from './referral-intake.js';
import { sharedProfile } from './shared-profile.js';
import { widenProfile } from './widen.js';

interface ReachRow {
  id: string;
  status: string;
  opened_at: Date;
  window_ends_at: Date;
  window_extended_at: Date | null;
  widened_at: Date | null;
  not_matched: NotMatched;
  profile: MarketReferralRow['profile'];
}

/**
 * A council's view of its own referrals in the marketplace (docs/adr/0050): how many settings were sent each, of
 * which type and how far, when the window closes, and why the rest were not. Scoped by the caller's council claim;
 * another council's referral is "not found".
 */
@Injectable()
export class ReachService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: RegistryConfig,
  ) {}

  async reach(principal: Principal, referralIds: readonly string[]): Promise<ReferralReach[]> {
    if (!principal.council || referralIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT id, status, opened_at, window_ends_at, window_extended_at, widened_at, not_matched, profile
         FROM market_referral
        WHERE council_code = $1 AND id = ANY($2::uuid[]) ORDER BY opened_at DESC`,
      [principal.council, referralIds],
    )) as ReachRow[];
    if (rows.length === 0) return [];
    const groups = (await this.dataSource.query(
      `SELECT n.referral_id, s.setting_type, n.distance, count(*)::int AS asked, count(r.id)::int AS answered,
              count(DISTINCT n.provider_id)::int AS providers, max(n.notified_at) AS last_sent
         FROM referral_notification n JOIN setting s ON s.urn = n.setting_urn
         LEFT JOIN referral_response r ON r.referral_id = n.referral_id AND r.setting_urn = n.setting_urn
        WHERE n.referral_id = ANY($1::uuid[])
        GROUP BY n.referral_id, s.setting_type, n.distance ORDER BY n.referral_id, s.setting_type, n.distance`,
      [rows.map((r) => r.id)],
    )) as {
      referral_id: string;
      setting_type: string;
      distance: string;
      asked: number;
      answered: number;
      last_sent: Date;
    }[];
    const providers = (await this.dataSource.query(
      `SELECT referral_id, count(DISTINCT provider_id)::int AS n FROM referral_notification
        WHERE referral_id = ANY($1::uuid[]) GROUP BY referral_id`,
      [rows.map((r) => r.id)],
    )) as { referral_id: string; n: number }[];
    const answeredSettings = (await this.dataSource.query(
      `SELECT r.referral_id, s.urn, s.name, s.ofsted_grade, s.ofsted_grade_note, n.distance, s.postcode_district,
              r.decline_note, to_char(s.ofsted_inspected_on, 'YYYY-MM-DD') AS ofsted_inspected_on
         FROM referral_response r
         JOIN referral_notification n ON n.referral_id = r.referral_id AND n.setting_urn = r.setting_urn
         JOIN setting s ON s.urn = r.setting_urn
        WHERE r.referral_id = ANY($1::uuid[]) ORDER BY r.responded_at`,
      [rows.map((r) => r.id)],
    )) as {
      referral_id: string;
      urn: string;
      name: string;
      ofsted_grade: string | null;
      ofsted_grade_note: string | null;
      ofsted_inspected_on: string | null;
      distance: string;
      postcode_district: string | null;
      decline_note: string | null;
    }[];
    return rows.map((r) => {
      const mine = groups.filter((g) => g.referral_id === r.id);
      const last = mine.reduce<Date | null>((a, g) => (a && a > g.last_sent ? a : new Date(g.last_sent)), null);
      return {
        referralId: r.id,
        status: r.status,
        openedAt: new Date(r.opened_at),
        respondBy: new Date(r.window_ends_at),
        windowExtended: r.window_extended_at !== null,
        asked: mine.reduce((n, g) => n + g.asked, 0),
        providers: providers.find((p) => p.referral_id === r.id)?.n ?? 0,
        answered: mine.reduce((n, g) => n + g.answered, 0),
        lastSentAt: last,
        groups: mine.map((g) => ({
          settingType: g.setting_type,
          distance: g.distance,
          asked: g.asked,
          answered: g.answered,
        })),
        notMatched: Object.entries(r.not_matched)
          .map(([reason, settings]) => ({ reason, settings: settings ?? 0 }))
          .sort((a, b) => b.settings - a.settings || a.reason.localeCompare(b.reason)),
        answeredSettings: answeredSettings
          .filter((x) => x.referral_id === r.id)
          .map((x) => ({
            settingUrn: x.urn,
            name: x.name,
            ofstedGrade: x.ofsted_grade,
            ofstedGradeNote: x.ofsted_grade_note,
            ofstedInspectedOn: x.ofsted_inspected_on,
            distance: x.distance,
            postcodeDistrict: x.postcode_district,
            declineNote: x.decline_note,
          })),
        shared: sharedProfile(r.profile),
        widenedAt: r.widened_at ? new Date(r.widened_at) : null,
      };
    });
  }

  /**
   * Gives providers longer to answer; matching runs again for the re-opened window. The open referrals are locked
   * first, in the order every matching transaction takes them (matching.ts): two extensions, or an extension and a
   * declaration, cannot each hold a referral the other waits for.
   */
  async extend(principal: Principal, input: ExtendReferralWindowInput): Promise<ReferralReach> {
    await this.dataSource.transaction(async (em) => {
      await lockOpenReferrals(em);
      const [row] = (await em.query(
        `SELECT status FROM market_referral WHERE id = $1 AND council_code = $2 FOR UPDATE`,
        [input.referralId, principal.council ?? null],
      )) as { status: string }[];
      if (!row) throw new NotFoundError(`no referral ${input.referralId} from your council in the marketplace`);
      if (row.status !== 'open')
        throw new ReferralNotOpenError(`The referral is ${row.status}: only an open referral's window can be extended`);
      await extendWindow(em, input.referralId, input.hours);
      await rematchOpenReferrals(em, this.config);
    });
    return (await this.reach(principal, [input.referralId]))[0]!;
  }

  /**
   * Sends an open referral to more homes (docs/adr/0058): the profile providers read is widened, and matching runs
   * again at once for it, so a home that now fits is sent it in the same transaction. Only inside the window (after
   * it, the referral is already counted unmet): the officer extends the window first.
   */
  async widen(principal: Principal, input: WidenReferralInput): Promise<ReferralReach> {
    await this.dataSource.transaction(async (em) => {
      const [row] = (await em.query(
        `SELECT status, profile, window_ends_at > now() AS in_window FROM market_referral
          WHERE id = $1 AND council_code = $2 FOR UPDATE`,
        [input.referralId, principal.council ?? null],
      )) as { status: string; profile: MarketReferralRow['profile']; in_window: boolean }[];
      if (!row) throw new NotFoundError(`no referral ${input.referralId} from your council in the marketplace`);
      if (row.status !== 'open')
        throw new ReferralNotOpenError(`The referral is ${row.status}: only an open referral can be widened`);
      if (!row.in_window)
        throw new InvalidInputError('Providers’ time to answer has ended: give them longer before widening it');
      await reprofile(em, this.config, input.referralId, widenProfile(row.profile, input), 'widened', new Date());
    });
    return (await this.reach(principal, [input.referralId]))[0]!;
  }
}
