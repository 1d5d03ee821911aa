import type { DataSource } from 'typeorm';
import type { Principal } from '@rcc/auth';
import { NotFoundError } from '@rcc/platform';
import type { AuditService } from '../audit/audit.service.js';
import type { Referral, ReferralResponse } from './referral.dto.js';

/** How a council's referrals are read back: one row per referral with its placement, then its responses. */

export interface ReferralRow {
  id: string;
  child_id: string;
  kind: string;
  start_by: string;
  siblings: number;
  status: string;
  profile: { localities: string[]; needs?: string[]; suitability: Record<string, string> };
  closed_reasons: string[];
  about_child: string;
  changed_at: Date | null;
  placement_id: string | null;
  setting_urn: string | null;
  weekly_cost_pence: string | null;
  route: string | null;
  placement_category: string | null;
  contract_id: string | null;
  start_date: string | null;
  end_date: string | null;
}

export interface ResponseRow {
  response_id: string;
  referral_id: string;
  provider_name: string;
  setting_urn: string;
  setting_type: string;
  response: string;
  weekly_price_pence: string | null;
  start_date: string | null;
  decline_reason: string | null;
  registration_flag: boolean;
  responded_at: Date;
}

export function selectReferrals(): string {
  return `SELECT r.id, r.child_id, r.kind, to_char(r.start_by, 'YYYY-MM-DD') AS start_by, r.siblings, r.status, r.profile,
                 r.closed_reasons, r.about_child, r.changed_at, p.id AS placement_id, p.setting_urn, p.weekly_cost_pence, p.route,
                 p.placement_category, p.contract_id, to_char(p.start_date, 'YYYY-MM-DD') AS start_date,
                 to_char(p.end_date, 'YYYY-MM-DD') AS end_date
            FROM referral r LEFT JOIN placement p ON p.referral_id = r.id`;
}

export async function withResponses(dataSource: DataSource, rows: ReferralRow[]): Promise<Referral[]> {
  const responses = rows.length
    ? ((await dataSource.query(
        `SELECT response_id, referral_id, provider_name, setting_urn, setting_type, response, weekly_price_pence,
                to_char(start_date, 'YYYY-MM-DD') AS start_date, decline_reason, registration_flag, responded_at
           FROM referral_response WHERE referral_id = ANY($1::uuid[]) ORDER BY responded_at DESC, response_id`,
        [rows.map((r) => r.id)],
      )) as ResponseRow[])
    : [];
  const byReferral = new Map<string, ReferralResponse[]>();
  for (const x of responses) {
    byReferral.set(x.referral_id, [
      ...(byReferral.get(x.referral_id) ?? []),
      {
        responseId: x.response_id,
        providerName: x.provider_name,
        settingUrn: x.setting_urn,
        settingType: x.setting_type,
        response: x.response,
        weeklyPricePence: x.weekly_price_pence === null ? null : Number(x.weekly_price_pence),
        startDate: x.start_date,
        declineReason: x.decline_reason,
        registrationFlag: x.registration_flag,
        respondedAt: x.responded_at.toISOString(),
      },
    ]);
  }
  return rows.map((r) => ({
    id: r.id,
    childId: r.child_id,
    kind: r.kind,
    startBy: r.start_by,
    siblings: r.siblings,
    status: r.status,
    localities: r.profile.localities,
    needs: r.profile.needs ?? [],
    closedReasons: r.closed_reasons,
    aboutChild: r.about_child,
    changedAt: r.changed_at ? new Date(r.changed_at).toISOString() : null,
    responses: byReferral.get(r.id) ?? [],
    placement:
      r.placement_id === null
        ? null
        : {
            placementId: r.placement_id,
            settingUrn: r.setting_urn!,
            weeklyCostPence: Number(r.weekly_cost_pence),
            route: r.route!,
            placementCategory: r.placement_category!,
            contractId: r.contract_id,
            startDate: r.start_date!,
            endDate: r.end_date,
          },
  }));
}

/** One referral as a mutation returns it: child-level, so the read is audited like any other. */
export async function readReferral(
  dataSource: DataSource,
  audit: AuditService,
  id: string,
  principal: Principal,
): Promise<Referral> {
  const rows = (await dataSource.query(`${selectReferrals()} WHERE r.id = $1`, [id])) as ReferralRow[];
  if (rows.length === 0) throw new NotFoundError(`no referral ${id}`);
  await audit.childLevelRead(principal, 'referral', { id });
  return (await withResponses(dataSource, rows))[0]!;
}
