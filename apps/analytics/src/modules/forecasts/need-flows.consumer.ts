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
    await this.handleBatch([envelope], em);
  }

  /**
   * A run of events in one statement (ADR 0047). A statement may not touch a row twice, so each council and month
   * keeps only what applying the events one by one would leave: the first of the latest occurredAt (an equal one
   * does not replace). The upsert's WHERE then compares it with what is held, as `handle` did.
   */
  async handleBatch(envelopes: EventEnvelope<NeedFlowsV1>[], em: EntityManager): Promise<void> {
    const latest = new Map<string, { e: EventEnvelope<NeedFlowsV1>; m: NeedFlowsV1['months'][number] }>();
    for (const e of envelopes) {
      checkCouncilEvent(e, this.config);
      for (const m of e.payload.months) {
        const key = `${e.payload.councilCode}|${m.month}`;
        const held = latest.get(key);
        if (!held || Date.parse(held.e.occurredAt) < Date.parse(e.occurredAt)) latest.set(key, { e, m });
      }
    }
    const rows = [...latest.values()];
    if (rows.length === 0) return;
    await em.query(
      `INSERT INTO need_flow_month (council_code, month, entries, exits, event_id, occurred_at)
       SELECT * FROM unnest($1::text[], $2::date[], $3::int[], $4::int[], $5::uuid[], $6::timestamptz[])
       ON CONFLICT (council_code, month) DO UPDATE
         SET entries = EXCLUDED.entries, exits = EXCLUDED.exits, event_id = EXCLUDED.event_id,
             occurred_at = EXCLUDED.occurred_at, received_at = now()
       WHERE need_flow_month.occurred_at < EXCLUDED.occurred_at`,
      [
        rows.map(({ e }) => e.payload.councilCode),
        rows.map(({ m }) => `${m.month}-01`),
        rows.map(({ m }) => m.entries),
        rows.map(({ m }) => m.exits),
        rows.map(({ e }) => e.id),
        rows.map(({ e }) => e.occurredAt),
      ],
    );
  }
}
