import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '@rcc/platform';
import { IntervalJob } from '../../platform/interval-job.js';
import type { RegistryConfig } from '../../platform/registry.config.js';
import { message, type NotificationFacts, type NotificationKind } from './messages.js';
import { NotifySender, SmtpSender, type MessageSender } from './senders.js';

const MAX_ATTEMPTS = 5;

/** The sender the deployment chose; refuses to start when its settings are missing (names the variable). */
export function senderFor(config: RegistryConfig): MessageSender | null {
  if (config.RCC_NOTIFY_SENDER === 'none') return null;
  if (config.RCC_NOTIFY_SENDER === 'smtp') {
    if (!config.RCC_SMTP_URL || !config.RCC_NOTIFY_FROM)
      throw new Error('RCC_NOTIFY_SENDER=smtp needs RCC_SMTP_URL and RCC_NOTIFY_FROM');
    return new SmtpSender(config.RCC_SMTP_URL, config.RCC_NOTIFY_FROM);
  }
  if (!config.RCC_NOTIFY_API_KEY || !config.RCC_NOTIFY_TEMPLATE_ID)
    throw new Error('RCC_NOTIFY_SENDER=notify needs RCC_NOTIFY_API_KEY and RCC_NOTIFY_TEMPLATE_ID');
  return new NotifySender(config.RCC_NOTIFY_API_KEY, config.RCC_NOTIFY_TEMPLATE_ID, config.RCC_NOTIFY_BASE_URL);
}

interface PendingRow {
  id: string;
  kind: NotificationKind;
  recipient: string;
  facts: NotificationFacts & { respondBy?: string };
  attempts: number;
}

/**
 * Every RCC_SWEEP_INTERVAL_SECONDS: sends queued messages with the chosen sender. A recipient with no address is
 * marked `no-address` (the work queue still shows the item); a failure is retried up to 5 times. Only the
 * notification's id and kind reach the log, never an address or a body.
 */
@Injectable()
export class NotificationDispatchJob extends IntervalJob implements BeforeApplicationShutdown {
  private readonly log = new Logger('Notifications');
  private readonly sender: MessageSender | null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: RegistryConfig,
  ) {
    super('notification dispatch', config.RCC_SWEEP_INTERVAL_SECONDS * 1000);
    this.sender = senderFor(config);
  }

  override onApplicationBootstrap(): void {
    if (this.sender) super.onApplicationBootstrap();
  }

  override async beforeApplicationShutdown(): Promise<void> {
    await super.beforeApplicationShutdown();
    await this.sender?.close();
  }

  protected async run(): Promise<number> {
    const sender = this.sender;
    if (!sender) return 0;
    const addresses = this.config.notifyRecipients;
    return this.dataSource.transaction(async (em) => {
      const rows = (await em.query(
        `SELECT id, kind, recipient, facts, attempts FROM notification WHERE state = 'pending'
          ORDER BY created_at LIMIT 50 FOR UPDATE SKIP LOCKED`,
      )) as PendingRow[];
      for (const row of rows) {
        const to = addresses.get(row.recipient);
        if (!to) {
          await em.query(`UPDATE notification SET state = 'no-address' WHERE id = $1`, [row.id]);
          continue;
        }
        const facts = { ...row.facts, respondBy: row.facts.respondBy ? new Date(row.facts.respondBy) : undefined };
        try {
          await sender.send({ to, ...message(row.kind, facts, this.config.RCC_PUBLIC_WEB_URL) });
          await em.query(
            `UPDATE notification SET state = 'sent', sent_at = now(), attempts = attempts + 1 WHERE id = $1`,
            [row.id],
          );
        } catch (error) {
          const failed = row.attempts + 1 >= MAX_ATTEMPTS;
          this.log.warn(
            `notification ${row.id} (${row.kind}) not sent${failed ? ', giving up' : ''}: ${(error as Error).name}`,
          );
          await em.query(`UPDATE notification SET attempts = attempts + 1, last_error = $2, state = $3 WHERE id = $1`, [
            row.id,
            (error as Error).message.slice(0, 300),
            failed ? 'failed' : 'pending',
          ]);
        }
      }
      return rows.length;
    });
  }
}
