import { DomainError } from '@rcc/platform';

export type BidErrorCode =
  | 'BID_NOT_FOUND'
  | 'BIDDING_CLOSED'
  | 'BID_EXISTS'
  | 'BID_INVALID'
  | 'NOT_IN_EVALUATION'
  | 'EVALUATION_INCOMPLETE'
  | 'NO_BIDS'
  | 'SETTING_NOT_YOURS'
  | 'REGISTRY_UNAVAILABLE';

export class BidError extends DomainError {
  constructor(
    readonly code: BidErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(message, details);
  }
}
