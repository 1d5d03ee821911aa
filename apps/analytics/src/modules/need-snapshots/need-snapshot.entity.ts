import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NeedCellV1 } from '@rcc/contracts';

/** A council's latest need snapshot for one date, as received (unsuppressed: never published as is). */
@Entity({ name: 'need_snapshot' })
export class NeedSnapshotEntity {
  @PrimaryColumn({ name: 'council_code', type: 'text' })
  councilCode: string;

  @PrimaryColumn({ name: 'as_at', type: 'date' })
  asAt: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'integer' })
  total: number;

  @Column({ type: 'jsonb' })
  cells: NeedCellV1[];
}
