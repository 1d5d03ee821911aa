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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
