import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TransitionCellV1 } from '@rcc/contracts';
import { LatestCouncilRowEntity } from '../../platform/council-row.entity.js';

/** A council's moves between need states in one month, as last received (the Markov model's input; never published). */
@Entity({ name: 'need_transition_month' })
export class NeedTransitionEntity extends LatestCouncilRowEntity {
  /** First day of the month. */
  @PrimaryColumn({ type: 'date' })
  month: string;

  @Column({ type: 'jsonb' })
  cells: TransitionCellV1[];
}
