import type { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import {
  ClarificationAnsweredV1Event,
  TenderPublishedV1Event,
  type ClarificationAnsweredV1,
  type EventEnvelope,
  type TenderPublishedV1,
} from '@rcc/contracts';
import { PermanentEventError, type EventHandler } from '@rcc/messaging';
import { queueNotification } from './notification-queue.js';

/** Tender notices come from the hub's commissioning service only: anything else is refused (dead-lettered). */
export function fromTheHub(envelope: EventEnvelope<unknown>, what: string): void {
  if (envelope.tenant !== null || envelope.producer !== 'commissioning')
    throw new PermanentEventError(`${what} from ${envelope.producer} (tenant ${String(envelope.tenant)})`);
}

/**
 * `commissioning.tender-published` v1 (docs/adr/0061): every provider with a registered setting of one of the lots'
 * types is told, queued in the inbox transaction (so once) and sent by the dispatch job.
 */
@Injectable()
export class TenderPublishedConsumer implements EventHandler<TenderPublishedV1> {
  readonly definition = TenderPublishedV1Event;

  async handle(envelope: EventEnvelope<TenderPublishedV1>, em: EntityManager): Promise<void> {
    fromTheHub(envelope, 'a tender notice');
    const p = envelope.payload;
    const providers = (await em.query(
      `SELECT DISTINCT provider_id FROM setting
        WHERE setting_type = ANY($1::text[]) AND registration_status = 'registered' ORDER BY provider_id`,
      [p.settingTypes],
    )) as { provider_id: string }[];
    for (const { provider_id } of providers)
      await queueNotification(em, 'tender-published', `provider:${provider_id}`, {
        tenderId: p.tenderId,
        title: p.title,
        ...(p.bidsCloseOn ? { bidsCloseOn: p.bidsCloseOn } : {}),
      });
  }
}

/**
 * `commissioning.clarification-answered` v1 (docs/adr/0061): the providers who asked about the tender or bid on it
 * are told an answer was published. A provider the registry does not list has no address here.
 */
@Injectable()
export class ClarificationAnsweredConsumer implements EventHandler<ClarificationAnsweredV1> {
  readonly definition = ClarificationAnsweredV1Event;

  async handle(envelope: EventEnvelope<ClarificationAnsweredV1>, em: EntityManager): Promise<void> {
    fromTheHub(envelope, 'a clarification notice');
    const p = envelope.payload;
    const known = (await em.query(`SELECT id FROM provider WHERE id = ANY($1::uuid[]) ORDER BY id`, [
      p.providerIds,
    ])) as { id: string }[];
    for (const { id } of known)
      await queueNotification(em, 'clarification-answered', `provider:${id}`, { tenderId: p.tenderId, title: p.title });
  }
}
