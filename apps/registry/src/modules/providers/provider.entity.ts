import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const PROVIDER_SECTORS = ['private', 'voluntary', 'local-authority', 'health'] as const;
export type ProviderSector = (typeof PROVIDER_SECTORS)[number];

@Entity({ name: 'provider' })
export class ProviderEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  sector: ProviderSector;

  /** Top company as listed on Companies House (from the provider lists). */
  @Column({ name: 'top_company', type: 'text', nullable: true })
  topCompany: string | null;

  /** Set by the hub: losing this provider would leave children without a comparable home (CMA market oversight). */
  @Column({ name: 'hard_to_replace', type: 'boolean', default: false })
  hardToReplace: boolean;

  /** Set by the hub, only on a hard-to-replace provider: its financial health is a concern. */
  @Column({ name: 'financial_risk', type: 'boolean', default: false })
  financialRisk: boolean;

  @Column({ name: 'risk_note', type: 'text', nullable: true })
  riskNote: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
