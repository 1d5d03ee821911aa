/**
 * Base class for every feature's errors: a stable string code and a message safe to show the caller. Mapped to
 * GraphQL errors in one place (graphql-errors.ts).
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** Extra, caller-safe detail (e.g. row-level import errors). */
  readonly details?: unknown;

  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
}

export class InvalidInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
}
