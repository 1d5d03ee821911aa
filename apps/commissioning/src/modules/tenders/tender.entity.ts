import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const TENDER_STATUSES = ['draft', 'published', 'open', 'evaluation', 'awarded', 'abandoned'] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];

@Entity({ name: 'tender' })
export class TenderEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) status: TenderStatus;
  @Column({ name: 'created_by', type: 'text' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
