import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox and inbox tables every service database carries. Include it in each service's migration list. */
export class MessagingTables1763769600000 implements MigrationInterface {
  name = 'MessagingTables1763769600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        seq          bigserial PRIMARY KEY,
        event_id     uuid        NOT NULL UNIQUE,
        topic        text        NOT NULL,
        event_key    text        NOT NULL,
        event_type   text        NOT NULL,
        envelope     jsonb       NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`);
    await q.query(`
      CREATE TABLE inbox (
        consumer     text        NOT NULL,
        event_id     uuid        NOT NULL,
        topic        text        NOT NULL,
        event_type   text        NOT NULL,
        outcome      text        NOT NULL CHECK (outcome IN ('processed', 'dead-lettered')),
        detail       text,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inbox`);
    await q.query(`DROP TABLE outbox`);
  }
}
