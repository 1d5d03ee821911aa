import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NeedSnapshotV1Event, type EventEnvelope, type NeedSnapshotV1 } from '@rcc/contracts';
import { PermanentEventError, type EventHandler } from '@rcc/messaging';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';

/**
 * Stores each council's need snapshot per date. A later snapshot for the same council and date replaces the earlier
 * one; an older one arriving late is ignored (the upsert compares occurredAt), so order of arrival does not matter.
 */
@Injectable()
export class NeedSnapshotConsumer implements EventHandler<NeedSnapshotV1> {
  readonly definition = NeedSnapshotV1Event;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig) {}

  async handle(envelope: EventEnvelope<NeedSnapshotV1>, em: EntityManager): Promise<void> {
    const { payload } = envelope;
    if (envelope.tenant !== payload.councilCode || envelope.key !== payload.councilCode) {
      throw new PermanentEventError(
        `snapshot for ${payload.councilCode} came from tenant ${String(envelope.tenant)} with key ${envelope.key}`,
      );
    }
    if (!this.config.regionCouncils.includes(payload.councilCode)) {
      throw new PermanentEventError(`${payload.councilCode} is not a member council of this region`);
    }
    await em.query(
      `INSERT INTO need_snapshot (council_code, as_at, event_id, occurred_at, total, cells)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (council_code, as_at) DO UPDATE
         SET event_id = EXCLUDED.event_id, occurred_at = EXCLUDED.occurred_at, total = EXCLUDED.total,
             cells = EXCLUDED.cells, received_at = now()
       WHERE need_snapshot.occurred_at < EXCLUDED.occurred_at`,
      [
        payload.councilCode,
        payload.asAt,
        envelope.id,
        envelope.occurredAt,
        payload.total,
        JSON.stringify(payload.cells),
      ],
    );
  }
}
