import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NeedFlowsV1Event, type EventEnvelope, type NeedFlowsV1 } from '@rcc/contracts';
import { PermanentEventError, type EventHandler } from '@rcc/messaging';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';

/** The envelope must come from the council it describes, and the council must be a member of this region. */
export function checkCouncilEvent(envelope: EventEnvelope<{ councilCode: string }>, config: AnalyticsConfig): void {
  const { councilCode } = envelope.payload;
  if (envelope.tenant !== councilCode || envelope.key !== councilCode)
    throw new PermanentEventError(
      `${envelope.type} for ${councilCode} came from tenant ${String(envelope.tenant)} with key ${envelope.key}`,
    );
  if (!config.regionCouncils.includes(councilCode))
    throw new PermanentEventError(`${councilCode} is not a member council of this region`);
}

/**
 * Stores a council's monthly entries and exits, one row per council and month. Each event repeats the twelve months
 * to its date; a month is replaced only by an event that occurred later, so redelivery and reordering change nothing.
 */
@Injectable()
export class NeedFlowsConsumer implements EventHandler<NeedFlowsV1> {
  readonly definition = NeedFlowsV1Event;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig) {}

  async handle(envelope: EventEnvelope<NeedFlowsV1>, em: EntityManager): Promise<void> {
    checkCouncilEvent(envelope, this.config);
    for (const m of envelope.payload.months) {
      await em.query(
        `INSERT INTO need_flow_month (council_code, month, entries, exits, event_id, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (council_code, month) DO UPDATE
           SET entries = EXCLUDED.entries, exits = EXCLUDED.exits, event_id = EXCLUDED.event_id,
               occurred_at = EXCLUDED.occurred_at, received_at = now()
         WHERE need_flow_month.occurred_at < EXCLUDED.occurred_at`,
        [envelope.payload.councilCode, `${m.month}-01`, m.entries, m.exits, envelope.id, envelope.occurredAt],
      );
    }
  }
}
