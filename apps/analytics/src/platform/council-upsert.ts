import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventDefinition, EventEnvelope } from '@rcc/contracts';
import { PermanentEventError, type EventHandler } from '@rcc/messaging';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from './analytics.config.js';

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

/** A row a council event leaves: the event it came from and what it stores. */
export interface CouncilRow<V> {
  envelope: EventEnvelope<{ councilCode: string }>;
  value: V;
}

/** A stored column: its name, its PostgreSQL type and its value in a row. */
export interface RowColumn<V> {
  name: string;
  type: string;
  of: (value: V) => unknown;
}

/** The key of a table kept per council and month: the month (`2024-03`) stored as the date of its first day. */
export const monthKey = <V extends { month: string }>(): RowColumn<V> => ({
  name: 'month',
  type: 'date',
  of: (v) => `${v.month}-01`,
});

/**
 * The latest of a council's rows in one table, kept by a run of events in one statement (ADR 0047). A row is keyed by
 * its council and `key` (a date): a statement may not touch a row twice, so each key keeps only what applying the
 * events one by one would leave, the first of the latest occurredAt (an equal one does not replace); the upsert then
 * replaces a held row only with a later occurredAt, so redelivery and reordering change nothing. Each row stores the
 * event's id and occurredAt beside the `columns`.
 */
export class LatestCouncilRows<V> {
  constructor(
    private readonly table: string,
    private readonly key: RowColumn<V>,
    private readonly columns: readonly RowColumn<V>[],
  ) {}

  async upsert(em: EntityManager, rows: Iterable<CouncilRow<V>>): Promise<void> {
    const latest = new Map<string, CouncilRow<V>>();
    for (const row of rows) {
      const k = `${row.envelope.payload.councilCode}|${String(this.key.of(row.value))}`;
      const held = latest.get(k);
      if (!held || Date.parse(held.envelope.occurredAt) < Date.parse(row.envelope.occurredAt)) latest.set(k, row);
    }
    const kept = [...latest.values()];
    if (kept.length === 0) return;
    const stored: RowColumn<CouncilRow<V>>[] = [
      { name: 'council_code', type: 'text', of: (r) => r.envelope.payload.councilCode },
      { name: this.key.name, type: this.key.type, of: (r) => this.key.of(r.value) },
      ...this.columns.map((c) => ({ ...c, of: (r: CouncilRow<V>) => c.of(r.value) })),
      { name: 'event_id', type: 'uuid', of: (r) => r.envelope.id },
      { name: 'occurred_at', type: 'timestamptz', of: (r) => r.envelope.occurredAt },
    ];
    const replaced = stored.slice(2).map((c) => `${c.name} = EXCLUDED.${c.name}`);
    await em.query(
      `INSERT INTO ${this.table} (${stored.map((c) => c.name).join(', ')})
       SELECT * FROM unnest(${stored.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})
       ON CONFLICT (council_code, ${this.key.name}) DO UPDATE
         SET ${[...replaced, 'received_at = now()'].join(', ')}
       WHERE ${this.table}.occurred_at < EXCLUDED.occurred_at`,
      stored.map((c) => kept.map(c.of)),
    );
  }
}

/**
 * A consumer of one kind of council event that keeps the latest rows it carries (`rows` of each payload) in one table:
 * each event is checked (`checkCouncilEvent`), and a run of them is applied in one statement (ADR 0047).
 */
@Injectable()
export abstract class LatestCouncilRowsConsumer<P extends { councilCode: string }, V> implements EventHandler<P> {
  abstract readonly definition: EventDefinition<P>;
  protected abstract readonly table: LatestCouncilRows<V>;
  protected abstract rows(payload: P): V[];

  constructor(@Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig) {}

  async handle(envelope: EventEnvelope<P>, em: EntityManager): Promise<void> {
    await this.handleBatch([envelope], em);
  }

  async handleBatch(envelopes: EventEnvelope<P>[], em: EntityManager): Promise<void> {
    for (const e of envelopes) checkCouncilEvent(e, this.config);
    await this.table.upsert(
      em,
      envelopes.flatMap((envelope) => this.rows(envelope.payload).map((value) => ({ envelope, value }))),
    );
  }
}
