import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@rcc/auth';
import {
  identifyingKinds,
  identifyingTextMessage,
  ReferralChangedV1Event,
  ReferralOpenedV2Event,
  type ReferralChangedV1,
  type ReferralOpenedV2,
} from '@rcc/contracts';
import { OutboxRelay } from '@rcc/messaging';
import { InvalidInputError, NotFoundError, SERVICE_CONFIG } from '@rcc/platform';
import { ageBand } from '@rcc/ssda903';
import type { CouncilConfig } from '../../platform/council.config.js';
import { AuditService } from '../audit/audit.service.js';
import { childInLatestReturn, echoChild } from './referral-child.js';
import { publishReferralEvent } from './referral-events.js';
import { ReferralClosedError } from './referrals.exception.js';
import { readReferral } from './referral-rows.js';
import type { ChangeReferralInput, OpenReferralInput, Referral, ReferralChild } from './referral.dto.js';

const SEX: Record<string, ReferralOpenedV2['sex']> = { '1': 'male', M: 'male', '2': 'female', F: 'female' };
const ABOUT_FIELD = 'what homes should know about the child';

interface ChildRecord {
  child_id: string;
  sex: string;
  dob: string;
  upn: string | null;
}

/**
 * The referral's details as the officer gives them (docs/adr/0060): the child echoed back from the latest return,
 * opening a referral, and changing an open one. Free text about the child is refused, naming what it found, when it
 * identifies or dates the child; nothing is stored then. The region is sent the change as one event it re-matches on.
 */
@Injectable()
export class ReferralDetailsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CouncilConfig,
    private readonly relay: OutboxRelay,
    private readonly audit: AuditService,
  ) {}

  /** The child in words from the latest return; only this council's officers reach this instance (the guard). */
  async child(childId: string, principal: Principal): Promise<ReferralChild> {
    const facts = await childInLatestReturn(this.dataSource, childId);
    await this.audit.childLevelRead(principal, 'referral-child', { childId });
    return echoChild(facts, new Date().toISOString().slice(0, 10));
  }

  async open(input: OpenReferralInput, principal: Principal): Promise<Referral> {
    const id = randomUUID();
    // A referral starts a chain of events (ADR 0045): its closing, its placement and the hub's handling share this id.
    const correlationId = randomUUID();
    await this.dataSource.transaction(async (em) => {
      const child = await this.childRecord(em, input.childId);
      const aboutChild = checkedDetails(input, child);
      const { childId: _child, kind, startBy, siblings, aboutChild: _about, ...needs } = input;
      const profile = {
        ...needs,
        needs: [...needs.needs],
        suitability: { ...needs.suitability },
        risksToChild: needs.risksToChild.map((r) => ({ ...r })),
      };
      await em.query(
        `INSERT INTO referral (id, child_id, kind, start_by, siblings, profile, opened_by, correlation_id, about_child)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          id,
          input.childId,
          kind,
          startBy,
          siblings,
          JSON.stringify(profile),
          principal.subject,
          correlationId,
          aboutChild,
        ],
      );
      await publishReferralEvent(em, this.config, 'referrals', ReferralOpenedV2Event, correlationId, {
        referralId: id,
        councilCode: this.config.COUNCIL_CODE,
        kind,
        startBy,
        ageBand: ageBand(child.dob, startBy),
        sex: SEX[child.sex] ?? 'unknown',
        siblings,
        ...profile,
      });
      if (aboutChild)
        await publishReferralEvent(em, this.config, 'referrals', ReferralChangedV1Event, correlationId, {
          referralId: id,
          councilCode: this.config.COUNCIL_CODE,
          reason: 'opened',
          aboutChild,
          startBy,
          needs: profile.needs,
        });
    });
    this.relay.nudge();
    return readReferral(this.dataSource, this.audit, id, principal);
  }

  /**
   * Changes an open referral (no offer accepted yet): the text for homes, the latest start, the registration needs,
   * and optionally more time for homes to answer. The registry updates its copy and matches it again.
   */
  async change(input: ChangeReferralInput, principal: Principal): Promise<Referral> {
    await this.dataSource.transaction(async (em) => {
      const [row] = (await em.query(
        `SELECT id, child_id, status, profile, correlation_id FROM referral WHERE id = $1 FOR UPDATE`,
        [input.referralId],
      )) as { id: string; child_id: string; status: string; profile: object; correlation_id: string | null }[];
      if (!row) throw new NotFoundError(`no referral ${input.referralId}`);
      if (row.status !== 'open')
        throw new ReferralClosedError(`The referral is ${row.status}: only an open referral can be changed`);
      const aboutChild = checkedDetails(input, await this.childRecord(em, row.child_id));
      await em.query(
        `UPDATE referral SET about_child = $2, start_by = $3, profile = $4, changed_at = now() WHERE id = $1`,
        [row.id, aboutChild, input.startBy, JSON.stringify({ ...row.profile, needs: [...input.needs] })],
      );
      await publishReferralEvent<ReferralChangedV1>(
        em,
        this.config,
        'referrals',
        ReferralChangedV1Event,
        row.correlation_id,
        {
          referralId: row.id,
          councilCode: this.config.COUNCIL_CODE,
          reason: 'changed',
          aboutChild,
          startBy: input.startBy,
          needs: [...input.needs],
          ...(input.extendHours ? { extendHours: input.extendHours } : {}),
        },
      );
    });
    this.relay.nudge();
    return readReferral(this.dataSource, this.audit, input.referralId, principal);
  }

  private async childRecord(em: EntityManager, childId: string): Promise<ChildRecord> {
    const [child] = (await em.query(
      `SELECT child_id, sex, to_char(dob, 'YYYY-MM-DD') AS dob, upn FROM child WHERE child_id = $1`,
      [childId],
    )) as ChildRecord[];
    if (!child) throw new NotFoundError(`There is no child with ID ${childId} in your records`);
    return child;
  }
}

/**
 * The details an officer gives, checked against the child's record: the latest start not before the child was born,
 * no need twice, and the text about the child trimmed, or refused (nothing stored) naming the kinds of identifying
 * detail it holds. Returns the text to store.
 */
function checkedDetails(input: { startBy: string; needs: string[]; aboutChild: string }, child: ChildRecord): string {
  if (input.startBy < child.dob)
    throw new InvalidInputError('The latest start date must be after the child’s date of birth');
  if (new Set(input.needs).size !== input.needs.length) throw new InvalidInputError('needs: a need is listed twice');
  const about = input.aboutChild.trim();
  const kinds = identifyingKinds(about, { childId: child.child_id, upn: child.upn, dob: child.dob });
  if (kinds.length > 0) throw new InvalidInputError(identifyingTextMessage(kinds, ABOUT_FIELD));
  return about;
}
