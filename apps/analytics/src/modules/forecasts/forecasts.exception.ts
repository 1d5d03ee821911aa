import { DomainError } from '@rcc/platform';

/** A council asked for another council's forecast. */
export class ForecastAccessError extends DomainError {
  readonly code = 'FORBIDDEN';
}

/** The engine refused the request (horizon, scenario, prices): the message says what to change. */
export class ForecastInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
}
