import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NeedTransitionsV1Event, type EventEnvelope, type NeedTransitionsV1 } from '@rcc/contracts';
import type { EventHandler } from '@rcc/messaging';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';
import { checkCouncilEvent, LatestCouncilRows } from '../../platform/council-upsert.js';

const TRANSITION_MONTHS = new LatestCouncilRows<NeedTransitionsV1>(
  'need_transition_month',
  { name: 'month', type: 'date', of: (p) => `${p.month}-01` },
  [
    {
      name: 'cells',
      type: 'jsonb',
      of: (p) => JSON.stringify(p.cells.map((c) => ({ from: c.from, to: c.to, count: c.count }))),
    },
  ],
);

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
    for (const e of envelopes) checkCouncilEvent(e, this.config);
    await TRANSITION_MONTHS.upsert(
      em,
      envelopes.map((envelope) => ({ envelope, value: envelope.payload })),
    );
  }
}
