import { DomainError } from '@rcc/platform';

export type TenderErrorCode =
  | 'TENDER_NOT_FOUND'
  | 'LOT_NOT_FOUND'
  | 'ILLEGAL_TRANSITION'
  | 'TENDER_NOT_EDITABLE'
  | 'TENDER_INCOMPLETE'
  | 'SHARES_INVALID'
  | 'NOT_A_MEMBER_COUNCIL'
  | 'CLARIFICATION_NOT_FOUND'
  | 'CLARIFICATIONS_CLOSED'
  | 'CLARIFICATION_ANSWERED';

export class TenderError extends DomainError {
  constructor(
    readonly code: TenderErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(message, details);
  }
}
