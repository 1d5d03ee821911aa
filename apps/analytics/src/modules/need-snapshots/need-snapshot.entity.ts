import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NeedCellV1 } from '@rcc/contracts';
import { LatestCouncilRowEntity } from '../../platform/council-row.entity.js';

/** A council's latest need snapshot for one date, as received (unsuppressed: never published as is). */
@Entity({ name: 'need_snapshot' })
export class NeedSnapshotEntity extends LatestCouncilRowEntity {
  @PrimaryColumn({ name: 'as_at', type: 'date' })
  asAt: string;

  @Column({ type: 'integer' })
  total: number;

  @Column({ type: 'jsonb' })
  cells: NeedCellV1[];
}
