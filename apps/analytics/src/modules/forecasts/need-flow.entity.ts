import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LatestCouncilRowEntity } from '../../platform/council-row.entity.js';

/** A council's entries to and exits from care in one month, as last received (never published as is). */
@Entity({ name: 'need_flow_month' })
export class NeedFlowEntity extends LatestCouncilRowEntity {
  /** First day of the month. */
  @PrimaryColumn({ type: 'date' })
  month: string;

  @Column({ type: 'integer' })
  entries: number;

  @Column({ type: 'integer' })
  exits: number;
}
