/**
 * Kafka topics, named by owner and subject. Keys keep order per council, provider or contract.
 * A topic's dead letters go to `<topic>.dlt` with the reason in the headers.
 */
export const TOPICS = {
  councilNeed: 'rcc.council.need',
  councilReferral: 'rcc.council.referral',
  registryCapacity: 'rcc.registry.capacity',
  commissioningContract: 'rcc.commissioning.contract',
  analyticsPublished: 'rcc.analytics.published',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlt`;
}
