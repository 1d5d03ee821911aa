import { DomainError } from '@rcc/platform';

/** A provider user asked for, or tried to change, a setting that is not its provider's. */
export class NotYourSettingError extends DomainError {
  readonly code = 'FORBIDDEN';
}
