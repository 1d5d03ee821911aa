import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A child's SSDA903 header row. Child-level: never leaves this council's instance. */
@Entity({ name: 'child' })
export class ChildEntity {
  @PrimaryColumn({ name: 'child_id', type: 'text' })
  childId: string;

  @Column({ type: 'text' })
  sex: string;

  @Column({ type: 'date' })
  dob: string;

  @Column({ type: 'text' })
  ethnic: string;

  @Column({ type: 'text', nullable: true })
  upn: string | null;

  @Column({ type: 'text', nullable: true })
  mother: string | null;

  @Column({ name: 'mc_dob', type: 'date', nullable: true })
  mcDob: string | null;

  @Column({ name: 'source_year', type: 'integer', nullable: true })
  sourceYear: number | null;

  @Column({ name: 'batch_id', type: 'uuid' })
  batchId: string;
}
