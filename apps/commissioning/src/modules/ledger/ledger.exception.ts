import { DomainError } from '@rcc/platform';

export type LedgerErrorCode =
  | 'ENTRY_UNBALANCED'
  | 'IDEMPOTENCY_CONFLICT'
  | 'ENTRY_NOT_FOUND'
  | 'ENTRY_ALREADY_REVERSED'
  | 'PERIOD_ALREADY_CLOSED'
  | 'PERIOD_NOT_CLOSED'
  | 'PERIOD_OUT_OF_ORDER'
  | 'PERIOD_NOT_ENDED'
  | 'OVER_CAPACITY'
  | 'ADJUSTMENT_INVALID';

/** The ledger's refusals, each with a stable code. */
export class LedgerError extends DomainError {
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(message, details);
  }
}
