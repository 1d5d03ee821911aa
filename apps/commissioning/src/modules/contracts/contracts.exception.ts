import { DomainError } from '@rcc/platform';

export type ContractErrorCode = 'CONTRACT_NOT_FOUND' | 'CONTRACT_INVALID' | 'OFFER_INVALID' | 'IDEMPOTENCY_CONFLICT';

export class ContractError extends DomainError {
  constructor(
    readonly code: ContractErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(message, details);
  }
}
