import { TOPICS } from '@rcc/contracts';

/**
 * Topics whose messages are addressed by their key (a council's ONS code): on the broker each council has a topic of
 * its own, `<topic>.<code>`, so the broker's ACLs can say who reads and who writes it (ADR 0035). A council's own
 * data (need, referrals, placements) goes on topics only that council may write; what is addressed to a council
 * (offers and declines for its referrals) on a topic only that council may read.
 */
export const ADDRESSED_TOPICS: ReadonlySet<string> = new Set([
  TOPICS.councilNeed,
  TOPICS.councilReferral,
  TOPICS.councilPlacement,
  TOPICS.registryReferralResponse,
]);

/** Written by the council whose code is the key (the others: by the hub, addressed to that council). */
export const COUNCIL_WRITTEN_TOPICS: readonly string[] = [
  TOPICS.councilNeed,
  TOPICS.councilReferral,
  TOPICS.councilPlacement,
];
export const COUNCIL_ADDRESSED_TOPICS: readonly string[] = [TOPICS.registryReferralResponse];

export function councilSuffix(code: string): string {
  if (!/^[A-Za-z0-9]+$/.test(code))
    throw new Error(`not a council code to address a topic by: ${JSON.stringify(code)}`);
  return code.toLowerCase();
}

/**
 * The broker topic of an addressed application topic for one council. Dead-letter topics are not addressed: they
 * are written by the consumer that refused a message and read by the hub's operators only.
 */
export function councilTopic(topic: string, code: string): string {
  return `${topic}.${councilSuffix(code)}`;
}

export function isAddressed(topic: string): boolean {
  return ADDRESSED_TOPICS.has(topic);
}

/** The broker topic a message goes to: addressed topics by the message's key, the rest as they are. */
export function addressedTopic(topic: string, key: string): string {
  return isAddressed(topic) ? councilTopic(topic, key) : topic;
}

/** The application topic a broker topic belongs to (inverse of `addressedTopic`). */
export function applicationTopic(brokerTopic: string): string {
  if (brokerTopic.endsWith('.dlt')) return brokerTopic;
  const cut = brokerTopic.lastIndexOf('.');
  const parent = cut > 0 ? brokerTopic.slice(0, cut) : brokerTopic;
  return ADDRESSED_TOPICS.has(parent) ? parent : brokerTopic;
}
