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
    await this.handleBatch([envelope], em);
  }

  /** A run of events in one statement (ADR 0047): per council and month, the first of the latest occurredAt. */
  async handleBatch(envelopes: EventEnvelope<NeedTransitionsV1>[], em: EntityManager): Promise<void> {
    const latest = new Map<string, EventEnvelope<NeedTransitionsV1>>();
    for (const e of envelopes) {
      checkCouncilEvent(e, this.config);
      const key = `${e.payload.councilCode}|${e.payload.month}`;
      const held = latest.get(key);
      if (!held || Date.parse(held.occurredAt) < Date.parse(e.occurredAt)) latest.set(key, e);
    }
    const rows = [...latest.values()];
    await em.query(
      `INSERT INTO need_transition_month (council_code, month, cells, event_id, occurred_at)
       SELECT * FROM unnest($1::text[], $2::date[], $3::jsonb[], $4::uuid[], $5::timestamptz[])
       ON CONFLICT (council_code, month) DO UPDATE
         SET cells = EXCLUDED.cells, event_id = EXCLUDED.event_id, occurred_at = EXCLUDED.occurred_at,
             received_at = now()
       WHERE need_transition_month.occurred_at < EXCLUDED.occurred_at`,
      [
        rows.map((e) => e.payload.councilCode),
        rows.map((e) => `${e.payload.month}-01`),
        rows.map((e) => JSON.stringify(e.payload.cells.map((c) => ({ from: c.from, to: c.to, count: c.count })))),
        rows.map((e) => e.id),
        rows.map((e) => e.occurredAt),
      ],
    );
  }
}
