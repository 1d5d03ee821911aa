import { DomainError } from '@rcc/platform';

/** A council asked for another council's detail: councils see regional aggregates and their own council only. */
export class MarketScopeError extends DomainError {
  readonly code = 'FORBIDDEN';
}
