import { Column, PrimaryColumn } from 'typeorm';

/**
 * The columns every table kept by `LatestCouncilRows` has: the council (the first part of the key) and the event the
 * row was last replaced by, whose occurredAt decides whether a later event replaces it.
 */
export abstract class LatestCouncilRowEntity {
  @PrimaryColumn({ name: 'council_code', type: 'text' })
  councilCode: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
}
