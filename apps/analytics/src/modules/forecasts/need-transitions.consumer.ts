import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NeedTransitionsV1Event, type EventEnvelope, type NeedTransitionsV1 } from '@rcc/contracts';
import type { EventHandler } from '@rcc/messaging';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';
import { checkCouncilEvent } from './need-flows.consumer.js';

/** Stores a council's transitions for one month; a later-occurring event for the same month replaces it. */
@Injectable()
export class NeedTransitionsConsumer implements EventHandler<NeedTransitionsV1> {
  readonly definition = NeedTransitionsV1Event;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig) {}

  async handle(envelope: EventEnvelope<NeedTransitionsV1>, em: EntityManager): Promise<void> {
    checkCouncilEvent(envelope, this.config);
    const { councilCode, month, cells } = envelope.payload;
    await em.query(
      `INSERT INTO need_transition_month (council_code, month, cells, event_id, occurred_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (council_code, month) DO UPDATE
         SET cells = EXCLUDED.cells, event_id = EXCLUDED.event_id, occurred_at = EXCLUDED.occurred_at,
             received_at = now()
       WHERE need_transition_month.occurred_at < EXCLUDED.occurred_at`,
      [
        councilCode,
        `${month}-01`,
        JSON.stringify(cells.map((c) => ({ from: c.from, to: c.to, count: c.count }))),
        envelope.id,
        envelope.occurredAt,
      ],
    );
  }
}
