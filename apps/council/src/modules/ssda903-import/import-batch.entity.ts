import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'import_batch' })
export class ImportBatchEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'content_sha256', type: 'text' })
  contentSha256: string;

  @Column({ type: 'jsonb' })
  files: { name: string; table: string; rows: number }[];

  @Column({ name: 'collection_year', type: 'integer', nullable: true })
  collectionYear: number | null;

  @Column({ type: 'integer' })
  children: number;

  @Column({ type: 'integer' })
  episodes: number;

  @Column({ type: 'integer', array: true })
  years: number[];

  @Column({ type: 'integer' })
  records: number;

  @Column({ type: 'integer' })
  repairs: number;

  @Column({ type: 'boolean' })
  shared: boolean;

  @Column({ name: 'snapshot_as_at', type: 'date' })
  snapshotAsAt: string;

  @Column({ name: 'snapshot_total', type: 'integer' })
  snapshotTotal: number;

  @Column({ name: 'imported_by', type: 'text' })
  importedBy: string;

  @Column({ name: 'imported_at', type: 'timestamptz' })
  importedAt: Date;
}
