import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ReferralResponseV1Event, type EventEnvelope, type ReferralResponseV1 } from '@rcc/contracts';
import { PermanentEventError, type EventHandler } from '@rcc/messaging';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { CouncilConfig } from '../../platform/council.config.js';

/**
 * Providers' offers and declines for this council's referrals. Responses to other councils' referrals share the
 * topic (docs/adr/0012): they are dropped here unread, never stored or served.
 */
@Injectable()
export class ReferralResponseConsumer implements EventHandler<ReferralResponseV1> {
  readonly definition = ReferralResponseV1Event;
  private readonly logger = new Logger('ReferralResponses');

  constructor(@Inject(SERVICE_CONFIG) private readonly config: CouncilConfig) {}

  async handle(envelope: EventEnvelope<ReferralResponseV1>, em: EntityManager): Promise<void> {
    const r = envelope.payload;
    if (r.councilCode !== this.config.COUNCIL_CODE) return;
    if (envelope.key !== r.councilCode) {
      throw new PermanentEventError(`response for ${r.councilCode} arrived under key ${envelope.key}`);
    }
    const [referral] = (await em.query(`SELECT status FROM referral WHERE id = $1`, [r.referralId])) as {
      status: string;
    }[];
    if (!referral) throw new PermanentEventError(`no referral ${r.referralId} in this council`);
    const inserted = (await em.query(
      `INSERT INTO referral_response (response_id, referral_id, event_id, provider_id, provider_name, setting_urn,
         setting_type, response, weekly_price_pence, start_date, decline_reason, registration_flag, responded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (response_id) DO NOTHING RETURNING response_id`,
      [
        r.responseId,
        r.referralId,
        envelope.id,
        r.providerId,
        r.providerName,
        r.settingUrn,
        r.settingType,
        r.response,
        r.weeklyPricePence ?? null,
        r.startDate ?? null,
        r.declineReason ?? null,
        r.registrationFlag,
        r.respondedAt,
      ],
    )) as unknown[];
    if (inserted.length > 0 && referral.status !== 'open') {
      this.logger.log(`a ${r.response} for referral ${r.referralId} arrived after it was ${referral.status}`);
    }
  }
}
