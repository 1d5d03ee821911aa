/**
 * Kafka topics, named by owner and subject. Keys keep order per council, provider or contract.
 * A topic's dead letters go to `<topic>.dlt` with the reason in the headers.
 */
export const TOPICS = {
  councilNeed: 'rcc.council.need',
  councilReferral: 'rcc.council.referral',
  /** Placements a council made (start, end): the commissioning ledger's bed-nights. Keyed by council. */
  councilPlacement: 'rcc.council.placement',
  /** Settings new, changed or closed in the registry. Keyed by provider id. */
  registrySetting: 'rcc.registry.setting',
  registryCapacity: 'rcc.registry.capacity',
  /**
   * Providers' offers and declines for a referral. Keyed by the council that raised it; each council instance keeps
   * only its own (docs/adr/0012).
   */
  registryReferralResponse: 'rcc.registry.referral-response',
  /** Unmet need: the market-gap signal. Keyed by council. */
  registryMarket: 'rcc.registry.market',
  commissioningContract: 'rcc.commissioning.contract',
  /** Period statements of block contracts (occupied, void, recharges). Keyed by contract id. */
  commissioningLedger: 'rcc.commissioning.ledger',
  analyticsPublished: 'rcc.analytics.published',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlt`;
}
