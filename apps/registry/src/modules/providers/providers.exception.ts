import { DomainError } from '@rcc/platform';

export class ProviderExistsError extends DomainError {
  readonly code = 'PROVIDER_EXISTS';
}

/** A financial-risk flag was set on a provider that is not marked hard to replace. */
export class RiskFlagRefusedError extends DomainError {
  readonly code = 'RISK_FLAG_REFUSED';
}
