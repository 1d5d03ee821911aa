import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlacementStartedV1Event, type PlacementStartedV1 } from '@rcc/contracts';
import { PlacementEventConsumer } from './placement-event.consumer.js';

/** A council placed a child: spot, framework and in-house placements are recorded; a block placement takes a bed. */
@Injectable()
export class PlacementStartedConsumer extends PlacementEventConsumer<PlacementStartedV1> {
  readonly definition = PlacementStartedV1Event;
  protected readonly what = 'placement';

  protected apply(em: EntityManager, payload: PlacementStartedV1): Promise<void> {
    return this.placements.started(em, payload);
  }
}
