import type { DataSource } from 'typeorm';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export interface RetentionOptions {
  /** Published outbox rows older than this are deleted. Default 7 days. */
  outboxRetentionHours?: number;
  /**
   * Inbox rows older than this are deleted. Default 14 days: an inbox row is what makes a redelivered event a
   * duplicate, so it must outlive any redelivery (the relay's republish after a crash, a consumer group reset to a
   * retained offset): longer than the topics' retention of 7 days (ADR 0046).
   */
  inboxRetentionHours?: number;
  /** Rows per DELETE at most, so one sweep never holds long locks or bloats a transaction. Default 1,000. */
  batchSize?: number;
  /** Time between sweeps. Default 10 minutes. */
  intervalMs?: number;
  onError?: (error: unknown) => void;
  onSwept?: (result: SweepResult) => void;
}

export interface SweepResult {
  outbox: number;
  inbox: number;
}

/**
 * Deletes what the messaging tables no longer need (ADR 0046): outbox rows published more than `outboxRetentionHours`
 * ago (never an unpublished one, whatever its age) and inbox rows older than `inboxRetentionHours`, in batches of
 * `batchSize`, each batch its own statement.
 */
export class MessagingRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: RetentionOptions = {},
  ) {
    for (const [name, value] of Object.entries({
      outboxRetentionHours: options.outboxRetentionHours,
      inboxRetentionHours: options.inboxRetentionHours,
      batchSize: options.batchSize,
    })) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1))
        throw new Error(`messaging retention: ${name} must be a positive whole number, not ${value}`);
    }
  }

  start(): void {
    const every = this.options.intervalMs ?? 600_000;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .then((result) => this.options.onSwept?.(result))
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => (this.running = undefined));
    }, every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One full sweep: batches until nothing old is left. */
  async sweep(): Promise<SweepResult> {
    const batch = this.options.batchSize ?? 1000;
    const outboxHours = this.options.outboxRetentionHours ?? 7 * 24;
    const inboxHours = this.options.inboxRetentionHours ?? 14 * 24;
    const outbox = await this.inBatches(
      `DELETE FROM outbox WHERE seq IN (
         SELECT seq FROM outbox
          WHERE published_at IS NOT NULL AND published_at < now() - make_interval(hours => $1)
          LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      outboxHours,
      batch,
    );
    const inbox = await this.inBatches(
      `DELETE FROM inbox WHERE (consumer, event_id) IN (
         SELECT consumer, event_id FROM inbox
          WHERE processed_at < now() - make_interval(hours => $1)
          LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      inboxHours,
      batch,
    );
    return { outbox, inbox };
  }

  private async inBatches(sql: string, hours: number, batch: number): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted] = (await this.dataSource.query(sql, [hours, batch])) as [unknown, number];
      total += deleted;
      if (deleted < batch) return total;
    }
  }
}

/** Indexes the retention sweep reads by (so a sweep does not scan the tables). In each service's migration list. */
export class MessagingRetention1765001946000 implements MigrationInterface {
  name = 'MessagingRetention1765001946000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL`);
    await q.query(`CREATE INDEX inbox_processed_at ON inbox (processed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX inbox_processed_at`);
    await q.query(`DROP INDEX outbox_published_at`);
  }
}
