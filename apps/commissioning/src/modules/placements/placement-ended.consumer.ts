import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlacementEndedV1Event, type PlacementEndedV1 } from '@rcc/contracts';
import { PlacementEventConsumer } from './placement-event.consumer.js';

/** A placement ended: its last night occupied is the night before the end date. */
@Injectable()
export class PlacementEndedConsumer extends PlacementEventConsumer<PlacementEndedV1> {
  readonly definition = PlacementEndedV1Event;
  protected readonly what = 'placement end';

  protected async apply(em: EntityManager, payload: PlacementEndedV1): Promise<void> {
    await this.placements.ended(em, payload);
  }
}
