import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { NotificationFacts, NotificationKind } from './messages.js';

/**
 * Queues a message in the caller's transaction (docs/adr/0051): it exists exactly when the change that causes it
 * commits. `recipient` is `provider:<id>` or `council:<ONS code>`; the address is looked up only when it is sent.
 */
export async function queueNotification(
  em: EntityManager,
  kind: NotificationKind,
  recipient: string,
  facts: NotificationFacts,
): Promise<void> {
  await em.query(
    `INSERT INTO notification (id, kind, recipient, referral_id, tender_id, facts) VALUES ($1, $2, $3, $4, $5, $6)`,
    [randomUUID(), kind, recipient, facts.referralId ?? null, facts.tenderId ?? null, JSON.stringify(facts)],
  );
}
