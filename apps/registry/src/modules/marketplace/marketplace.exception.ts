import { DomainError } from '@rcc/platform';

/** The referral is no longer open (placed, withdrawn or closed unmet). */
export class ReferralNotOpenError extends DomainError {
  readonly code = 'REFERRAL_NOT_OPEN';
}

/** This setting has already answered this referral. */
export class AlreadyAnsweredError extends DomainError {
  readonly code = 'ALREADY_ANSWERED';
}
