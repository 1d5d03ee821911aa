import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError } from './domain-error.js';
import { describeError, stackFrames } from './exception-filter.js';

const logger = new Logger('GraphQLErrors');

/** Codes that already carry a caller-safe message (framework validation, guards, domain errors). */
const SAFE_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'RATE_LIMITED',
  'EXECUTION_STOPPED',
]);

/**
 * The one place errors become GraphQL errors: domain errors keep their code and details; known framework codes pass;
 * anything else is logged with a correlation id and shown as a generic error, never a stack.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  if (original instanceof DomainError) {
    return {
      message: original.message,
      path: formatted.path,
      extensions: { code: original.code, ...(original.details === undefined ? {} : { details: original.details }) },
    };
  }
  const code = String(formatted.extensions?.['code'] ?? '');
  // Input validation (ValidationPipe): say which fields are wrong, not just "Bad Request Exception".
  const response = (original as { getResponse?: () => unknown })?.getResponse?.() as { message?: unknown } | undefined;
  if (code === 'BAD_REQUEST' && Array.isArray(response?.message)) {
    return {
      message: `Invalid input: ${response.message.join('; ')}`,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'BAD_USER_INPUT', problems: response.message },
    };
  }
  // At the gateway: a subgraph's error arrives already formatted by this function in the subgraph (a domain code with
  // a caller-safe message, or a generic error with its reference), tagged by Apollo with the subgraph's name.
  const serviceName = formatted.extensions?.['serviceName'];
  if (typeof serviceName === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) && code !== 'DOWNSTREAM_SERVICE_ERROR') {
    const { details, problems, ref } = formatted.extensions ?? {};
    return {
      message: formatted.message,
      path: formatted.path,
      extensions: {
        code,
        ...(details === undefined ? {} : { details }),
        ...(problems === undefined ? {} : { problems }),
        ...(ref === undefined ? {} : { ref }),
      },
    };
  }
  if (SAFE_CODES.has(code)) {
    return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: { code } };
  }
  const ref = randomUUID();
  // Never the raw message or object: a database error quotes values of the row it failed on.
  logger.error(`[${ref}] ${describeError(original)}`, stackFrames(original));
  return {
    message: `Internal error (ref ${ref})`,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', ref },
  };
}
