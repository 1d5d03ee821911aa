import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlacementStartedV1Event, type EventEnvelope, type PlacementStartedV1 } from '@rcc/contracts';
import { PermanentEventError, type EventHandler } from '@rcc/messaging';
import { PlacementsService } from './placements.service.js';

/** A council placed a child: spot, framework and in-house placements are recorded; a block placement takes a bed. */
@Injectable()
export class PlacementStartedConsumer implements EventHandler<PlacementStartedV1> {
  readonly definition = PlacementStartedV1Event;

  constructor(private readonly placements: PlacementsService) {}

  async handle(envelope: EventEnvelope<PlacementStartedV1>, em: EntityManager): Promise<void> {
    if (envelope.tenant !== envelope.payload.councilCode)
      throw new PermanentEventError(
        `placement for ${envelope.payload.councilCode} came from tenant ${String(envelope.tenant)}`,
      );
    await this.placements.started(em, envelope.payload);
  }
}
