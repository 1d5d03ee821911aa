import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A council's entries to and exits from care in one month, as last received (never published as is). */
@Entity({ name: 'need_flow_month' })
export class NeedFlowEntity {
  @PrimaryColumn({ name: 'council_code', type: 'text' })
  councilCode: string;

  /** First day of the month. */
  @PrimaryColumn({ type: 'date' })
  month: string;

  @Column({ type: 'integer' })
  entries: number;

  @Column({ type: 'integer' })
  exits: number;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
}
