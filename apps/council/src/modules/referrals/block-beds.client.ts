import { Inject, Injectable } from '@nestjs/common';
import type { PlacementStartedV1 } from '@rcc/contracts';
import { DomainError, graphqlRequest, SERVICE_CONFIG } from '@rcc/platform';
import type { CouncilConfig } from '../../platform/council.config.js';

/** The hub refused the bed: the council records nothing and says why (full, outside the term, not its beds). */
export class BlockPlacementRefusedError extends DomainError {
  readonly code = 'BLOCK_PLACEMENT_REFUSED';
}

/** The hub's ledger could not be asked: nothing is recorded, and the caller may try again. */
export class CommissioningUnavailableError extends DomainError {
  readonly code = 'COMMISSIONING_UNAVAILABLE';
}

const RESERVE = `mutation($input: ReserveBlockBedInput!) { reserveBlockBed(input: $input) { placementId } }`;
const RELEASE = `mutation($id: ID!) { releaseBlockBed(placementId: $id) }`;
const ENDED = `mutation($id: ID!, $endDate: String!) { endBlockPlacement(placementId: $id, endDate: $endDate) }`;

/**
 * Asks the hub's commissioning service for a block bed before the council records a block placement
 * (docs/adr/0040): the ledger is the one place that accepts or refuses, and the council hears its answer while the
 * officer is still at the screen. The caller's own token goes with the request, so commissioning scopes it to the
 * caller's council; the facts sent are those of the placement event the council publishes anyway.
 */
@Injectable()
export class BlockBedsClient {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: CouncilConfig) {}

  async reserve(token: string, placement: PlacementStartedV1): Promise<void> {
    const { councilCode: _council, referralId: _referral, route: _route, ...input } = placement;
    const result = await this.call(token, RESERVE, { input });
    const error = result.errors?.[0];
    if (!error) return;
    const code = error.extensions?.['code'];
    if (code === 'BLOCK_PLACEMENT_REFUSED') {
      const details = error.extensions?.['details'] as { reason?: string } | undefined;
      throw new BlockPlacementRefusedError(error.message, { reason: details?.reason ?? 'REFUSED' });
    }
    if (code === 'BAD_USER_INPUT') throw new BlockPlacementRefusedError(error.message, { reason: 'INVALID' });
    throw new CommissioningUnavailableError(`the hub's ledger refused the request: ${error.message}`);
  }

  /** Gives a reserved bed back when the council's own transaction failed. */
  async release(token: string, placementId: string): Promise<void> {
    await this.call(token, RELEASE, { id: placementId }).catch(() => undefined);
  }

  /** Tells the hub a block bed is free from `endDate` (best effort: the placement-ended event carries it anyway). */
  async ended(token: string, placementId: string, endDate: string): Promise<void> {
    await this.call(token, ENDED, { id: placementId, endDate }).catch(() => undefined);
  }

  private async call(token: string, query: string, variables: Record<string, unknown>) {
    try {
      return await graphqlRequest(this.config.RCC_COMMISSIONING_URL, query, { token, variables, timeoutMs: 15_000 });
    } catch (error) {
      throw new CommissioningUnavailableError(
        `the hub's ledger (${new URL(this.config.RCC_COMMISSIONING_URL).host}) could not be reached: ${(error as Error).message}`,
      );
    }
  }
}
