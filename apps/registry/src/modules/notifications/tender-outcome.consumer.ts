import type { EntityManager } from 'typeorm';
import { TenderOutcomeV1Event, type EventEnvelope, type TenderOutcomeV1 } from '@rcc/contracts';
import type { EventHandler } from '@rcc/messaging';
import { Injectable } from '@nestjs/common';
import { queueNotification } from './notification-queue.js';
import { fromTheHub } from './tender-notices.consumer.js';

/**
 * `commissioning.tender-outcome` v1 (docs/adr/0052, 0058): each bidder is told its own bid's outcome, queued in the
 * inbox transaction (so once) and sent by the dispatch job to the provider's address. The hub's own events only.
 */
@Injectable()
export class TenderOutcomeConsumer implements EventHandler<TenderOutcomeV1> {
  readonly definition = TenderOutcomeV1Event;

  async handle(envelope: EventEnvelope<TenderOutcomeV1>, em: EntityManager): Promise<void> {
    fromTheHub(envelope, 'a tender outcome');
    const p = envelope.payload;
    const [known] = (await em.query(`SELECT 1 FROM provider WHERE id = $1`, [p.providerId])) as unknown[];
    // A bidder the registry does not list has no address here: nothing to send.
    if (!known) return;
    await queueNotification(em, 'tender-outcome', `provider:${p.providerId}`, {
      tenderId: p.tenderId,
      outcome: p.outcome,
      rank: p.rank,
      bidsInLot: p.bidsInLot,
      standstillEndsOn: p.standstillEndsOn,
    });
  }
}
