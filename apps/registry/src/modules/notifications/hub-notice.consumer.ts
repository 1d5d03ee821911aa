import type { EntityManager } from 'typeorm';
import type { EventDefinition, EventEnvelope } from '@rcc/contracts';
import { PermanentEventError, type EventHandler } from '@rcc/messaging';
import type { NotificationFacts, NotificationKind } from './messages.js';
import { queueNotification } from './notification-queue.js';

/**
 * A notice from the hub's commissioning service to providers (docs/adr/0051, 0052, 0061): from the event, who is told
 * and what the message needs. Each is queued in the inbox transaction (so once) and sent by the dispatch job. A
 * provider the registry does not list has no address here; an event from anyone but commissioning is refused.
 */
export abstract class HubNoticeConsumer<P extends object> implements EventHandler<P> {
  abstract readonly definition: EventDefinition<P>;
  protected abstract readonly kind: NotificationKind;

  /** The providers to tell (ids). */
  protected abstract recipients(payload: P, em: EntityManager): Promise<string[]>;

  /** What the message says (never more than the notice needs). */
  protected abstract facts(payload: P): NotificationFacts;

  async handle(envelope: EventEnvelope<P>, em: EntityManager): Promise<void> {
    if (envelope.tenant !== null || envelope.producer !== 'commissioning')
      throw new PermanentEventError(
        `${this.definition.type} from ${envelope.producer} (tenant ${String(envelope.tenant)})`,
      );
    for (const id of await this.recipients(envelope.payload, em))
      await queueNotification(em, this.kind, `provider:${id}`, this.facts(envelope.payload));
  }
}

/** Of these provider ids, the ones the registry lists, in id order. */
export async function knownProviders(em: EntityManager, ids: string[]): Promise<string[]> {
  const rows = (await em.query(`SELECT id FROM provider WHERE id = ANY($1::uuid[]) ORDER BY id`, [ids])) as {
    id: string;
  }[];
  return rows.map((r) => r.id);
}
