import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { currentContext, runWithContext } from '@rcc/messaging';

/**
 * Structured logs (docs/adr/0039): one JSON object per line (pino), with the service, its tenant and, for requests,
 * the request id. What is logged is fixed here and carries nothing identifying or secret: no query strings, bodies,
 * headers, tokens, addresses or user agents; a path is logged without its query.
 */
export type LogFormat = 'json' | 'text';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's request id when it is a plain token (so it cannot inject into logs), else a fresh one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}

export function createJsonLogger(
  service: string,
  tenant?: string,
  destination: pino.DestinationStream = pino.destination(1),
): Logger {
  return pino(
    {
      base: { service, ...(tenant ? { tenant } : {}) },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The request and the chain of events the line was written in (ADR 0045); a field the call gives wins.
      mixin: () => {
        const { requestId, correlationId } = currentContext();
        return { ...(requestId ? { requestId } : {}), ...(correlationId ? { correlationId } : {}) };
      },
    },
    destination,
  );
}

/** Nest's logger interface over pino: Nest's own messages and every `Logger` in the services become JSON lines. */
export class JsonLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  private write(level: 'info' | 'warn' | 'error' | 'debug' | 'trace', message: unknown, context: unknown[]) {
    const last = context[context.length - 1];
    const ctx = typeof last === 'string' ? last : undefined;
    const text =
      message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
    this.logger[level]({ context: ctx }, text);
  }
  log(message: unknown, ...context: unknown[]) {
    this.write('info', message, context);
  }
  warn(message: unknown, ...context: unknown[]) {
    this.write('warn', message, context);
  }
  error(message: unknown, ...context: unknown[]) {
    // Nest passes (message, stack, context): the stack stays out of the log line's message, in its own field.
    this.write('error', message, context);
  }
  debug(message: unknown, ...context: unknown[]) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, ...context: unknown[]) {
    this.write('trace', message, context);
  }
}

interface Req {
  method: string;
  originalUrl?: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  requestId?: string;
}
interface Res {
  statusCode: number;
  setHeader(name: string, value: string): void;
  once(event: 'finish', listener: () => void): void;
}

/**
 * Express middleware: accepts the caller's x-request-id (or makes one), returns it on the response, keeps it on the
 * request for the rest of the pipeline, and (with a logger) writes one access line per request, at `warn` for a
 * denied one (401, 403, 429). The rest of the request runs in its context (ADR 0045): the request id, which is also
 * the correlation id of any event it writes that does not join an existing chain.
 */
export function requestLogging(logger?: Logger) {
  return (req: Req, res: Res, next: () => void) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    req.requestId = requestId;
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (logger) {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const path = (req.originalUrl ?? req.url).split('?')[0];
        const entry = {
          requestId,
          method: req.method,
          path,
          status: res.statusCode,
          durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        };
        if ([401, 403, 429].includes(res.statusCode)) logger.warn(entry, 'request denied');
        else logger.info(entry, 'request');
      });
    }
    runWithContext({ requestId, correlationId: requestId }, next);
  };
}

/**
 * Enters the request's context again: a body parser resumes the pipeline from the socket's callbacks, where the
 * context `requestLogging` set is lost. Use right after the body parsers.
 */
export function requestContext() {
  return (req: Req, _res: unknown, next: () => void) => {
    if (!req.requestId) return next();
    runWithContext({ requestId: req.requestId, correlationId: req.requestId }, next);
  };
}
