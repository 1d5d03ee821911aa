import { DomainError } from '@rcc/platform';

export class PublicationError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
}
