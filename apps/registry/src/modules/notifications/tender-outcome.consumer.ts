import type { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import { TenderOutcomeV1Event, type TenderOutcomeV1 } from '@rcc/contracts';
import { HubNoticeConsumer, knownProviders } from './hub-notice.consumer.js';

/**
 * `commissioning.tender-outcome` v1 (docs/adr/0052, 0058): each bidder is told its own bid's outcome, sent by the
 * dispatch job to the provider's address. The hub's own events only.
 */
@Injectable()
export class TenderOutcomeConsumer extends HubNoticeConsumer<TenderOutcomeV1> {
  readonly definition = TenderOutcomeV1Event;
  protected readonly kind = 'tender-outcome';

  protected recipients(p: TenderOutcomeV1, em: EntityManager): Promise<string[]> {
    return knownProviders(em, [p.providerId]);
  }

  protected facts(p: TenderOutcomeV1) {
    return {
      tenderId: p.tenderId,
      outcome: p.outcome,
      rank: p.rank,
      bidsInLot: p.bidsInLot,
      standstillEndsOn: p.standstillEndsOn,
    };
  }
}
