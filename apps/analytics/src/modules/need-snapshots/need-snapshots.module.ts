import { Module } from '@nestjs/common';
import type { FeatureWiring } from '../../platform/feature-wiring.js';
import { NeedSnapshotConsumer } from './need-snapshot.consumer.js';
import { NeedSnapshotEntity } from './need-snapshot.entity.js';

/**
 * Each council's latest need snapshot per date, as the councils publish them. This feature owns the `need_snapshot`
 * table and is its only writer; publication, forecasts and market read it.
 */
@Module({})
export class NeedSnapshotsModule {
  static readonly wiring: FeatureWiring = { entities: [NeedSnapshotEntity], consumes: [NeedSnapshotConsumer] };
}
