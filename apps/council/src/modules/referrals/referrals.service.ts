import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@rcc/auth';
import {
  ReferralClosedV1Event,
  ReferralOpenedV1Event,
  type EventDefinition,
  type ReferralClosedV1,
  type ReferralOpenedV1,
} from '@rcc/contracts';
import { enqueueEvent, OutboxRelay } from '@rcc/messaging';
import { DomainError, InvalidInputError, NotFoundError, SERVICE_CONFIG } from '@rcc/platform';
import { ageBand } from '@rcc/ssda903';
import type { CouncilConfig } from '../../platform/council.config.js';
import { AuditService } from '../audit/audit.service.js';
import type { CloseUnmetInput, OpenReferralInput, RecordPlacementInput, Referral } from './referral.dto.js';

export class ReferralClosedError extends DomainError {
  readonly code = 'REFERRAL_CLOSED';
}

const SEX: Record<string, ReferralOpenedV1['sex']> = { '1': 'male', M: 'male', '2': 'female', F: 'female' };

interface ReferralRow {
  id: string;
  child_id: string;
  kind: string;
  start_by: string;
  siblings: number;
  status: string;
  profile: { localities: string[] };
  closed_reasons: string[];
  setting_urn: string | null;
  weekly_cost_pence: string | null;
  route: string | null;
  start_date: string | null;
}

/**
 * Placement requests. Opening one, placing it and closing it unmet each put an anonymised event in the outbox in the
 * same transaction: the region learns what was needed and what happened, never who.
 */
@Injectable()
export class ReferralsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CouncilConfig,
    private readonly relay: OutboxRelay,
    private readonly audit: AuditService,
  ) {}

  async open(input: OpenReferralInput, principal: Principal): Promise<Referral> {
    const id = randomUUID();
    await this.dataSource.transaction(async (em) => {
      const [child] = (await em.query(`SELECT sex, to_char(dob, 'YYYY-MM-DD') AS dob FROM child WHERE child_id = $1`, [
        input.childId,
      ])) as { sex: string; dob: string }[];
      if (!child) throw new NotFoundError(`no child ${input.childId} in this council's records`);
      if (input.startBy < child.dob)
        throw new InvalidInputError(`startBy ${input.startBy} is before the child's date of birth`);
      const { childId: _child, kind, startBy, siblings, ...needs } = input;
      const profile = {
        ...needs,
        suitability: { ...needs.suitability },
        risksToChild: needs.risksToChild.map((r) => ({ ...r })),
      };
      await em.query(
        `INSERT INTO referral (id, child_id, kind, start_by, siblings, profile, opened_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, input.childId, kind, startBy, siblings, JSON.stringify(profile), principal.subject],
      );
      await this.publish<ReferralOpenedV1>(em, ReferralOpenedV1Event, {
        referralId: id,
        councilCode: this.config.COUNCIL_CODE,
        kind,
        startBy,
        ageBand: ageBand(child.dob, startBy),
        sex: SEX[child.sex] ?? 'unknown',
        siblings,
        ...profile,
      });
    });
    this.relay.nudge();
    return this.get(id);
  }

  async recordPlacement(input: RecordPlacementInput, principal: Principal): Promise<Referral> {
    await this.dataSource.transaction(async (em) => {
      const referral = await this.lockOpen(em, input.referralId);
      await em.query(
        `INSERT INTO placement (id, referral_id, child_id, setting_urn, weekly_cost_pence, route, start_date, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          randomUUID(),
          referral.id,
          referral.child_id,
          input.settingUrn,
          input.weeklyCostPence,
          input.route,
          input.startDate,
          principal.subject,
        ],
      );
      await em.query(`UPDATE referral SET status = 'placed', closed_at = now() WHERE id = $1`, [referral.id]);
      await this.publish<ReferralClosedV1>(em, ReferralClosedV1Event, {
        referralId: referral.id,
        councilCode: this.config.COUNCIL_CODE,
        outcome: 'placed',
        route: input.route,
        weeklyCostPence: input.weeklyCostPence,
        settingUrn: input.settingUrn,
        reasons: [],
      });
    });
    this.relay.nudge();
    return this.get(input.referralId);
  }

  async closeUnmet(input: CloseUnmetInput): Promise<Referral> {
    await this.dataSource.transaction(async (em) => {
      const referral = await this.lockOpen(em, input.referralId);
      await em.query(`UPDATE referral SET status = 'unmet', closed_reasons = $2, closed_at = now() WHERE id = $1`, [
        referral.id,
        input.reasons,
      ]);
      await this.publish<ReferralClosedV1>(em, ReferralClosedV1Event, {
        referralId: referral.id,
        councilCode: this.config.COUNCIL_CODE,
        outcome: 'unmet',
        reasons: input.reasons,
      });
    });
    this.relay.nudge();
    return this.get(input.referralId);
  }

  async list(principal: Principal, status?: string): Promise<Referral[]> {
    const rows = (await this.dataSource.query(
      `${this.select()} WHERE ($1::text IS NULL OR r.status = $1) ORDER BY r.opened_at DESC LIMIT 500`,
      [status ?? null],
    )) as ReferralRow[];
    await this.audit.childLevelRead(principal, 'referrals', { status: status ?? null, returned: rows.length });
    return rows.map((r) => this.toModel(r));
  }

  private async get(id: string): Promise<Referral> {
    const [row] = (await this.dataSource.query(`${this.select()} WHERE r.id = $1`, [id])) as ReferralRow[];
    if (!row) throw new NotFoundError(`no referral ${id}`);
    return this.toModel(row);
  }

  private async lockOpen(em: EntityManager, id: string): Promise<{ id: string; child_id: string }> {
    const [row] = (await em.query(`SELECT id, child_id, status FROM referral WHERE id = $1 FOR UPDATE`, [id])) as {
      id: string;
      child_id: string;
      status: string;
    }[];
    if (!row) throw new NotFoundError(`no referral ${id}`);
    if (row.status !== 'open') throw new ReferralClosedError(`referral ${id} is already ${row.status}`);
    return row;
  }

  /** Referral events leave only under the council's data-sharing agreement (RCC_SHARING includes `referrals`). */
  private async publish<P extends object>(
    em: EntityManager,
    definition: EventDefinition<P>,
    payload: P,
  ): Promise<void> {
    if (!this.config.shares('referrals')) return;
    await enqueueEvent(em, definition, {
      producer: `council:${this.config.COUNCIL_CODE}`,
      tenant: this.config.COUNCIL_CODE,
      key: this.config.COUNCIL_CODE,
      payload,
    });
  }

  private select(): string {
    return `SELECT r.id, r.child_id, r.kind, to_char(r.start_by, 'YYYY-MM-DD') AS start_by, r.siblings, r.status, r.profile,
                   r.closed_reasons, p.setting_urn, p.weekly_cost_pence, p.route, to_char(p.start_date, 'YYYY-MM-DD') AS start_date
              FROM referral r LEFT JOIN placement p ON p.referral_id = r.id`;
  }

  private toModel(r: ReferralRow): Referral {
    return {
      id: r.id,
      childId: r.child_id,
      kind: r.kind,
      startBy: r.start_by,
      siblings: r.siblings,
      status: r.status,
      localities: r.profile.localities,
      closedReasons: r.closed_reasons,
      placement:
        r.setting_urn === null
          ? null
          : {
              settingUrn: r.setting_urn,
              weeklyCostPence: Number(r.weekly_cost_pence),
              route: r.route!,
              startDate: r.start_date!,
            },
    };
  }
}
