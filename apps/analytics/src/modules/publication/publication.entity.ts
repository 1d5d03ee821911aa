import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuditEntry, ProtectedTable } from '@rcc/disclosure';
import type { ProfileTableName, ProfileTruth } from './publication.tables.js';

/** One published version of the demand profile. Immutable: the table's trigger refuses updates and deletes. */
@Entity({ name: 'published_profile' })
export class PublishedProfileEntity {
  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ name: 'as_at', type: 'date' })
  asAt: string;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ name: 'min_count', type: 'integer' })
  minCount: number;

  /** Contributing councils (a snapshot for exactly asAt). */
  @Column({ type: 'jsonb' })
  councils: string[];

  /** The unsuppressed figures, kept to protect later revisions. Never served. */
  @Column({ type: 'jsonb' })
  truth: ProfileTruth;

  @Column({ type: 'jsonb' })
  tables: Record<ProfileTableName, ProtectedTable>;

  /** The intruder's range for every small count and small change when this version was published. */
  @Column({ type: 'jsonb' })
  audit: AuditEntry[];
}
