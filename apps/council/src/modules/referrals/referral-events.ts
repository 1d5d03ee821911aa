import type { EntityManager } from 'typeorm';
import type { EventDefinition } from '@rcc/contracts';
import { enqueueEvent } from '@rcc/messaging';
import type { CouncilConfig, SharedDataset } from '../../platform/council.config.js';

/**
 * Puts a referral's event in the outbox, in the caller's transaction. Events leave only under the council's
 * data-sharing agreement (RCC_SHARING names the dataset), in the referral's chain (its correlation id; none for a
 * referral opened before there were any: the request's).
 */
export async function publishReferralEvent<P extends object>(
  em: EntityManager,
  config: CouncilConfig,
  dataset: SharedDataset,
  definition: EventDefinition<P>,
  correlationId: string | null,
  payload: P,
): Promise<void> {
  if (!config.shares(dataset)) return;
  await enqueueEvent(em, definition, {
    producer: `council:${config.COUNCIL_CODE}`,
    tenant: config.COUNCIL_CODE,
    key: config.COUNCIL_CODE,
    payload,
    ...(correlationId ? { correlationId } : {}),
  });
}
