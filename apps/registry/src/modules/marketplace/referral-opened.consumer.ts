import type { EntityManager } from 'typeorm';
import { ReferralOpenedV2Event, type EventEnvelope, type ReferralOpenedV2 } from '@rcc/contracts';
import type { EventHandler } from '@rcc/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { recordReferral } from './referral-intake.js';

/** `council.referral-opened` v2: find the eligible settings and notify them (in the inbox transaction). */
@Injectable()
export class ReferralOpenedConsumer implements EventHandler<ReferralOpenedV2> {
  readonly definition = ReferralOpenedV2Event;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: RegistryConfig) {}

  handle(envelope: EventEnvelope<ReferralOpenedV2>, em: EntityManager): Promise<void> {
    return recordReferral(this.config, envelope, em);
  }
}
