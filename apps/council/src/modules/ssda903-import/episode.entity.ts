import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One SSDA903 episode (a period of care with one legal status and placement). Child-level. */
@Entity({ name: 'episode' })
export class EpisodeEntity {
  @PrimaryColumn({ name: 'child_id', type: 'text' })
  childId: string;

  @PrimaryColumn({ type: 'date' })
  decom: string;

  @Column({ type: 'text' }) rne: string;
  @Column({ type: 'text' }) ls: string;
  @Column({ type: 'text' }) cin: string;
  @Column({ type: 'text' }) place: string;
  @Column({ name: 'place_provider', type: 'text', nullable: true }) placeProvider: string | null;
  @Column({ type: 'date', nullable: true }) dec: string | null;
  @Column({ type: 'text', nullable: true }) rec: string | null;
  @Column({ name: 'reason_place_change', type: 'text', nullable: true }) reasonPlaceChange: string | null;
  @Column({ name: 'home_post', type: 'text', nullable: true }) homePost: string | null;
  @Column({ name: 'pl_post', type: 'text', nullable: true }) plPost: string | null;
  @Column({ type: 'text', nullable: true }) urn: string | null;
  /** Derived columns some extracts carry (the DfE validator's): IN/OUT of the council's area, the placement LA. */
  @Column({ name: 'pl_location', type: 'text', nullable: true }) plLocation: string | null;
  @Column({ name: 'pl_la', type: 'text', nullable: true }) plLa: string | null;

  @Column({ name: 'source_year', type: 'integer', nullable: true }) sourceYear: number | null;
  /** The end date used for counting: DEC, or a stitching repair's date (see `repair`). */
  @Column({ name: 'dec_effective', type: 'date', nullable: true }) decEffective: string | null;
  @Column({ type: 'text', nullable: true }) repair: string | null;

  @Column({ name: 'batch_id', type: 'uuid' })
  batchId: string;
}
