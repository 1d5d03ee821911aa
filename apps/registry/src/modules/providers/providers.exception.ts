import { DomainError } from '@rcc/platform';

export class ProviderExistsError extends DomainError {
  readonly code = 'PROVIDER_EXISTS';
}
