import { Inject, Injectable, type Type } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  ReferralChangedV1Event,
  ReferralClosedV1Event,
  ReferralOpenedV2Event,
  type EventDefinition,
  type EventEnvelope,
} from '@rcc/contracts';
import type { EventHandler } from '@rcc/messaging';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { changeReferral } from './referral-change.js';
import { closeReferral, recordReferral, type Intake } from './referral-intake.js';

/** A consumer of one council referral event, doing its effect inside the inbox transaction (so it happens once). */
function referralConsumer<P extends object>(definition: EventDefinition<P>, intake: Intake<P>): Type<EventHandler<P>> {
  @Injectable()
  class ReferralEventConsumer implements EventHandler<P> {
    readonly definition = definition;
    constructor(@Inject(SERVICE_CONFIG) private readonly config: RegistryConfig) {}
    handle(envelope: EventEnvelope<P>, em: EntityManager): Promise<void> {
      return intake(this.config, envelope, em);
    }
  }
  return ReferralEventConsumer;
}

/** `council.referral-opened` v2: record the referral, find the eligible settings and notify them. */
export const ReferralOpenedConsumer = referralConsumer(ReferralOpenedV2Event, recordReferral);

/** `council.referral-changed` v1: the council's text, latest start and needs replace the copy; matching runs again. */
export const ReferralChangedConsumer = referralConsumer(ReferralChangedV1Event, changeReferral);

/** `council.referral-closed` v1: placed or withdrawn stops the referral; unmet becomes an unmet-need event. */
export const ReferralClosedConsumer = referralConsumer(ReferralClosedV1Event, closeReferral);
