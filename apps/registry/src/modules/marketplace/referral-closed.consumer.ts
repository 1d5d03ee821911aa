import type { EntityManager } from 'typeorm';
import { ReferralClosedV1Event, type EventEnvelope, type ReferralClosedV1 } from '@rcc/contracts';
import type { EventHandler } from '@rcc/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { closeReferral } from './referral-intake.js';

/** `council.referral-closed` v1: placed or withdrawn stops the referral; unmet becomes an unmet-need event. */
@Injectable()
export class ReferralClosedConsumer implements EventHandler<ReferralClosedV1> {
  readonly definition = ReferralClosedV1Event;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: RegistryConfig) {}

  handle(envelope: EventEnvelope<ReferralClosedV1>, em: EntityManager): Promise<void> {
    return closeReferral(this.config, envelope, em);
  }
}
