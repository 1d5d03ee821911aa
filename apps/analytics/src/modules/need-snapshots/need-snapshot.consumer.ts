import { Injectable } from '@nestjs/common';
import { NeedSnapshotV1Event, type NeedSnapshotV1 } from '@rcc/contracts';
import { LatestCouncilRows, LatestCouncilRowsConsumer } from '../../platform/council-upsert.js';

/**
 * Stores each council's need snapshot per date. A later snapshot for the same council and date replaces the earlier
 * one; an older one arriving late is ignored (the upsert compares occurredAt), so order of arrival does not matter.
 */
@Injectable()
export class NeedSnapshotConsumer extends LatestCouncilRowsConsumer<NeedSnapshotV1, NeedSnapshotV1> {
  readonly definition = NeedSnapshotV1Event;
  protected readonly table = new LatestCouncilRows<NeedSnapshotV1>(
    'need_snapshot',
    { name: 'as_at', type: 'date', of: (p) => p.asAt },
    [
      { name: 'total', type: 'int', of: (p) => p.total },
      { name: 'cells', type: 'jsonb', of: (p) => JSON.stringify(p.cells) },
    ],
  );

  protected rows(payload: NeedSnapshotV1): NeedSnapshotV1[] {
    return [payload];
  }
}
