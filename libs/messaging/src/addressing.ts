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

const DLT = '.dlt';

export function councilSuffix(code: string): string {
  if (!/^[A-Za-z0-9]+$/.test(code))
    throw new Error(`not a council code to address a topic by: ${JSON.stringify(code)}`);
  return code.toLowerCase();
}

/** The broker topic of an application topic for one council (dead-letter topics: `<topic>.<code>.dlt`). */
export function councilTopic(topic: string, code: string): string {
  const base = topic.endsWith(DLT) ? topic.slice(0, -DLT.length) : topic;
  return `${base}.${councilSuffix(code)}${topic.endsWith(DLT) ? DLT : ''}`;
}

export function isAddressed(topic: string): boolean {
  return ADDRESSED_TOPICS.has(topic.endsWith(DLT) ? topic.slice(0, -DLT.length) : topic);
}

/** The broker topic a message goes to: addressed topics by the message's key, the rest as they are. */
export function addressedTopic(topic: string, key: string): string {
  return isAddressed(topic) ? councilTopic(topic, key) : topic;
}

/** The application topic a broker topic belongs to (inverse of `addressedTopic`). */
export function applicationTopic(brokerTopic: string): string {
  const dlt = brokerTopic.endsWith(DLT);
  const base = dlt ? brokerTopic.slice(0, -DLT.length) : brokerTopic;
  const cut = base.lastIndexOf('.');
  const parent = cut > 0 ? base.slice(0, cut) : base;
  return ADDRESSED_TOPICS.has(parent) ? `${parent}${dlt ? DLT : ''}` : brokerTopic;
}
