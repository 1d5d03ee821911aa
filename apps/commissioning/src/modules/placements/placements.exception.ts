import { DomainError } from '@rcc/platform';

/** Why a block placement gets no bed: the council is told this before it records anything. */
export type BlockRefusalReason =
  'FULL' | 'OUTSIDE_TERM' | 'NOT_ITS_BEDS' | 'NO_SUCH_CONTRACT' | 'NOT_A_BLOCK_PLACEMENT' | 'CONFLICT';

export class BlockPlacementRefusedError extends DomainError {
  readonly code = 'BLOCK_PLACEMENT_REFUSED';

  constructor(
    readonly reason: BlockRefusalReason,
    message: string,
  ) {
    super(message, { reason });
  }
}
