import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NeedFlowsV1Event, type EventEnvelope, type NeedFlowsV1 } from '@rcc/contracts';
import type { EventHandler } from '@rcc/messaging';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';
import { checkCouncilEvent, LatestCouncilRows } from '../../platform/council-upsert.js';

const FLOW_MONTHS = new LatestCouncilRows<NeedFlowsV1['months'][number]>(
  'need_flow_month',
  { name: 'month', type: 'date', of: (m) => `${m.month}-01` },
  [
    { name: 'entries', type: 'int', of: (m) => m.entries },
    { name: 'exits', type: 'int', of: (m) => m.exits },
  ],
);

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

  /** A run of events in one statement (ADR 0047): per council and month, the first of the latest occurredAt. */
  async handleBatch(envelopes: EventEnvelope<NeedFlowsV1>[], em: EntityManager): Promise<void> {
    for (const e of envelopes) checkCouncilEvent(e, this.config);
    await FLOW_MONTHS.upsert(
      em,
      envelopes.flatMap((envelope) => envelope.payload.months.map((value) => ({ envelope, value }))),
    );
  }
}
