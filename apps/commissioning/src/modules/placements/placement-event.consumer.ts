import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventDefinition, EventEnvelope } from '@rcc/contracts';
import { PermanentEventError, type EventHandler } from '@rcc/messaging';
import { PlacementsService } from './placements.service.js';

/** A council's placement event, applied by the placements service once it is known to come from that council. */
@Injectable()
export abstract class PlacementEventConsumer<P extends { councilCode: string }> implements EventHandler<P> {
  abstract readonly definition: EventDefinition<P>;
  /** What the event is, for the refusal of one sent by another council. */
  protected abstract readonly what: string;

  constructor(protected readonly placements: PlacementsService) {}

  protected abstract apply(em: EntityManager, payload: P): Promise<void>;

  async handle(envelope: EventEnvelope<P>, em: EntityManager): Promise<void> {
    if (envelope.tenant !== envelope.payload.councilCode)
      throw new PermanentEventError(
        `${this.what} for ${envelope.payload.councilCode} came from tenant ${String(envelope.tenant)}`,
      );
    await this.apply(em, envelope.payload);
  }
}
