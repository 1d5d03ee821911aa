import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NeedSnapshotV1Event, type EventEnvelope, type NeedSnapshotV1 } from '@rcc/contracts';
import type { EventHandler } from '@rcc/messaging';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';
import { checkCouncilEvent, LatestCouncilRows } from '../../platform/council-upsert.js';

const SNAPSHOTS = new LatestCouncilRows<NeedSnapshotV1>(
  'need_snapshot',
  { name: 'as_at', type: 'date', of: (p) => p.asAt },
  [
    { name: 'total', type: 'int', of: (p) => p.total },
    { name: 'cells', type: 'jsonb', of: (p) => JSON.stringify(p.cells) },
  ],
);

/**
 * Stores each council's need snapshot per date. A later snapshot for the same council and date replaces the earlier
 * one; an older one arriving late is ignored (the upsert compares occurredAt), so order of arrival does not matter.
 */
@Injectable()
export class NeedSnapshotConsumer implements EventHandler<NeedSnapshotV1> {
  readonly definition = NeedSnapshotV1Event;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig) {}

  async handle(envelope: EventEnvelope<NeedSnapshotV1>, em: EntityManager): Promise<void> {
    await this.handleBatch([envelope], em);
  }

  /** A run of snapshots in one statement: per council and date, the first of the latest occurredAt. */
  async handleBatch(envelopes: EventEnvelope<NeedSnapshotV1>[], em: EntityManager): Promise<void> {
    for (const e of envelopes) checkCouncilEvent(e, this.config);
    await SNAPSHOTS.upsert(
      em,
      envelopes.map((envelope) => ({ envelope, value: envelope.payload })),
    );
  }
}
