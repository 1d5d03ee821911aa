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
    await this.handleBatch([envelope], em);
  }

  /**
   * A run of snapshots in one statement. Within the run only the latest of each council and date can win (a
   * statement may not touch one row twice), which is what applying them one by one would leave: a later occurredAt
   * replaces, an equal or older one does not.
   */
  async handleBatch(envelopes: EventEnvelope<NeedSnapshotV1>[], em: EntityManager): Promise<void> {
    const latest = new Map<string, EventEnvelope<NeedSnapshotV1>>();
    for (const envelope of envelopes) {
      this.check(envelope);
      const key = `${envelope.payload.councilCode}|${envelope.payload.asAt}`;
      const held = latest.get(key);
      if (!held || Date.parse(held.occurredAt) < Date.parse(envelope.occurredAt)) latest.set(key, envelope);
    }
    const rows = [...latest.values()];
    await em.query(
      `INSERT INTO need_snapshot (council_code, as_at, event_id, occurred_at, total, cells)
       SELECT * FROM unnest($1::text[], $2::date[], $3::uuid[], $4::timestamptz[], $5::int[], $6::jsonb[])
       ON CONFLICT (council_code, as_at) DO UPDATE
         SET event_id = EXCLUDED.event_id, occurred_at = EXCLUDED.occurred_at, total = EXCLUDED.total,
             cells = EXCLUDED.cells, received_at = now()
       WHERE need_snapshot.occurred_at < EXCLUDED.occurred_at`,
      [
        rows.map((e) => e.payload.councilCode),
        rows.map((e) => e.payload.asAt),
        rows.map((e) => e.id),
        rows.map((e) => e.occurredAt),
        rows.map((e) => e.payload.total),
        rows.map((e) => JSON.stringify(e.payload.cells)),
      ],
    );
  }

  private check(envelope: EventEnvelope<NeedSnapshotV1>): void {
    const { payload } = envelope;
    if (envelope.tenant !== payload.councilCode || envelope.key !== payload.councilCode) {
      throw new PermanentEventError(
        `snapshot for ${payload.councilCode} came from tenant ${String(envelope.tenant)} with key ${envelope.key}`,
      );
    }
    if (!this.config.regionCouncils.includes(payload.councilCode)) {
      throw new PermanentEventError(`${payload.councilCode} is not a member council of this region`);
    }
  }
}
