import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const TENDER_STATUSES = ['draft', 'published', 'open', 'evaluation', 'awarded', 'abandoned'] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];

@Entity({ name: 'tender' })
export class TenderEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'text' }) status: TenderStatus;
  @Column({ name: 'price_weight', type: 'integer' }) priceWeight: number;
  @Column({ name: 'quality_weight', type: 'integer' }) qualityWeight: number;
  @Column({ name: 'quality_questions', type: 'jsonb' }) qualityQuestions: string[];
  @Column({ name: 'publish_on', type: 'date', nullable: true }) publishOn: string | null;
  @Column({ name: 'bids_close_on', type: 'date', nullable: true }) bidsCloseOn: string | null;
  @Column({ name: 'award_by', type: 'date', nullable: true }) awardBy: string | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
