import type { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import {
  ClarificationAnsweredV1Event,
  TenderPublishedV1Event,
  type ClarificationAnsweredV1,
  type TenderPublishedV1,
} from '@rcc/contracts';
import { HubNoticeConsumer, knownProviders } from './hub-notice.consumer.js';

/**
 * `commissioning.tender-published` v1 (docs/adr/0061): every provider with a registered setting of one of the lots'
 * types is told the title and the bid deadline.
 */
@Injectable()
export class TenderPublishedConsumer extends HubNoticeConsumer<TenderPublishedV1> {
  readonly definition = TenderPublishedV1Event;
  protected readonly kind = 'tender-published';

  protected async recipients(p: TenderPublishedV1, em: EntityManager): Promise<string[]> {
    const rows = (await em.query(
      `SELECT DISTINCT provider_id FROM setting
        WHERE setting_type = ANY($1::text[]) AND registration_status = 'registered' ORDER BY provider_id`,
      [p.settingTypes],
    )) as { provider_id: string }[];
    return rows.map((r) => r.provider_id);
  }

  protected facts(p: TenderPublishedV1) {
    return { tenderId: p.tenderId, title: p.title, ...(p.bidsCloseOn ? { bidsCloseOn: p.bidsCloseOn } : {}) };
  }
}

/**
 * `commissioning.clarification-answered` v1 (docs/adr/0061): the providers who asked about the tender or bid on it
 * are told an answer was published (not what was asked or answered: they sign in to read it).
 */
@Injectable()
export class ClarificationAnsweredConsumer extends HubNoticeConsumer<ClarificationAnsweredV1> {
  readonly definition = ClarificationAnsweredV1Event;
  protected readonly kind = 'clarification-answered';

  protected recipients(p: ClarificationAnsweredV1, em: EntityManager): Promise<string[]> {
    return knownProviders(em, p.providerIds);
  }

  protected facts(p: ClarificationAnsweredV1) {
    return { tenderId: p.tenderId, title: p.title };
  }
}
