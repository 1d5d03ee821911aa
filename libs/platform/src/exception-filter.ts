import { randomUUID } from 'node:crypto';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { describeDatabaseError, redactQuoted } from './redact.js';

interface JsonResponse {
  headersSent?: boolean;
  status(code: number): JsonResponse;
  json(body: unknown): void;
  end(): void;
}

/** What may be logged of an unexpected error: its class, its message without quoted values, a database error's names. */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof (error as { code: unknown }).code === 'string')
    return describeDatabaseError(error);
  if (error instanceof Error) return `${error.name}: ${redactQuoted(error.message)}`;
  return 'non-error thrown';
}

/** A stack's frames only (its first line repeats the message, which may quote values). */
export function stackFrames(error: unknown): string | undefined {
  const stack = (error as Error | undefined)?.stack;
  return typeof stack === 'string' ? stack.split('\n').slice(1).join('\n') : undefined;
}

/**
 * Replaces Nest's default handler, which logs a thrown object whole (a PostgreSQL error's `detail` quotes the row;
 * issue 15). GraphQL errors go on to formatGraphqlError (which logs unknown ones once, redacted); on HTTP, an
 * HttpException keeps its status and body, anything else is logged redacted with a reference and answered 500.
 */
@Catch()
export class RedactingExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionsHandler');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return exception;
    const res = host.switchToHttp().getResponse<JsonResponse>();
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      if (res.headersSent) return res.end();
      return res
        .status(exception.getStatus())
        .json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
    }
    const ref = randomUUID();
    this.logger.error(`[${ref}] ${describeError(exception)}`, stackFrames(exception));
    if (res.headersSent) return res.end();
    return res.status(500).json({ statusCode: 500, message: `Internal error (ref ${ref})` });
  }
}
