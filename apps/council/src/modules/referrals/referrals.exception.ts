import { DomainError } from '@rcc/platform';

/** The referral is no longer open (placed, unmet or withdrawn), or changed while a bed was being reserved. */
export class ReferralClosedError extends DomainError {
  readonly code = 'REFERRAL_CLOSED';
}
