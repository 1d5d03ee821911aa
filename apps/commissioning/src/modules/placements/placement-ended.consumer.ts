import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlacementEndedV1Event, type EventEnvelope, type PlacementEndedV1 } from '@rcc/contracts';
import { PermanentEventError, type EventHandler } from '@rcc/messaging';
import { PlacementsService } from './placements.service.js';

/** A placement ended: its last night occupied is the night before the end date. */
@Injectable()
export class PlacementEndedConsumer implements EventHandler<PlacementEndedV1> {
  readonly definition = PlacementEndedV1Event;

  constructor(private readonly placements: PlacementsService) {}

  async handle(envelope: EventEnvelope<PlacementEndedV1>, em: EntityManager): Promise<void> {
    if (envelope.tenant !== envelope.payload.councilCode)
      throw new PermanentEventError(
        `placement end for ${envelope.payload.councilCode} came from tenant ${String(envelope.tenant)}`,
      );
    await this.placements.ended(em, envelope.payload);
  }
}
