import { IntrinsicException } from '@nestjs/common';

/**
 * Base class for every feature's errors: a stable string code and a message safe to show the caller. Mapped to
 * GraphQL errors in one place (graphql-errors.ts). An expected outcome, so Nest never logs it (IntrinsicException):
 * its message and details are for the caller and may quote the caller's own data (an import's cell values).
 */
export abstract class DomainError extends IntrinsicException {
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
