import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TransitionCellV1 } from '@rcc/contracts';

/** A council's moves between need states in one month, as last received (the Markov model's input; never published). */
@Entity({ name: 'need_transition_month' })
export class NeedTransitionEntity {
  @PrimaryColumn({ name: 'council_code', type: 'text' })
  councilCode: string;

  /** First day of the month. */
  @PrimaryColumn({ type: 'date' })
  month: string;

  @Column({ type: 'jsonb' })
  cells: TransitionCellV1[];

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
}
