import { context, SpanKind, trace, type Span } from '@opentelemetry/api';
import { ATTR_DB_OPERATION_NAME, ATTR_DB_SYSTEM_NAME } from '@opentelemetry/semantic-conventions';
import type { DataSource } from 'typeorm';
import { markFailed } from '@rcc/messaging';
import { platformTracer, tracingEnabled } from './tracing.js';

/**
 * pg query spans (docs/adr/0056): the `query` method of the pg `Client` class TypeORM loaded for this data source is
 * wrapped once, so every statement of every pooled connection is a CLIENT span. Only within a trace (a request's,
 * an event's): the relay's and other pollers' own statements start no traces of their own.
 *
 * `db.statement` is the statement's text with every literal replaced by `?` (parameters are `$n` and never read):
 * nothing a statement was given or built from data reaches a span.
 */
const WRAPPED = Symbol.for('rcc.pgTracing');
const MAX_STATEMENT = 2000;

/** A statement as a span shows it: literals (quoted, dollar-quoted, numeric) replaced by `?`, spaces collapsed. */
export function sqlForSpan(text: string): string {
  const out = text
    .replace(/\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g, '?')
    .replace(/[EeBbXxUu]?'(?:[^']|'')*'/g, '?')
    .replace(/(?<![\w$."])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w"])/g, '?')
    .replace(/\s+/g, ' ')
    .trim();
  return out.length > MAX_STATEMENT ? `${out.slice(0, MAX_STATEMENT)}…` : out;
}

/** The statement's first keyword (`SELECT`, `INSERT`, ...), the span's name. */
export function sqlOperation(text: string): string {
  return /^\s*(?:\/\*[\s\S]*?\*\/\s*)?([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
}

type QueryFn = (this: unknown, ...args: unknown[]) => unknown;
interface PgModule {
  Client?: { prototype: { query: QueryFn; [WRAPPED]?: true } };
}

/** Wraps the pg client of this data source (a no-op when tracing is off or the driver is not node-postgres). */
export function tracePostgres(dataSource: DataSource): void {
  if (!tracingEnabled()) return;
  const pg = (dataSource.driver as unknown as { postgres?: PgModule }).postgres;
  const proto = pg?.Client?.prototype;
  if (!proto || proto[WRAPPED]) return;
  proto.query = tracedQuery(proto.query);
  proto[WRAPPED] = true;
}

/** `query` with a span around each statement (promise or callback style); streams (COPY, cursors) pass through. */
export function tracedQuery(original: QueryFn): QueryFn {
  return function (this: unknown, ...args: unknown[]) {
    const [config] = args;
    const text = typeof config === 'string' ? config : (config as { text?: unknown } | undefined)?.text;
    const submittable = typeof (config as { submit?: unknown } | undefined)?.submit === 'function';
    const parent = context.active();
    if (typeof text !== 'string' || submittable || !trace.getSpan(parent)) return original.apply(this, args);
    const operation = sqlOperation(text);
    const span = platformTracer().startSpan(
      operation,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system': 'postgresql',
          [ATTR_DB_SYSTEM_NAME]: 'postgresql',
          [ATTR_DB_OPERATION_NAME]: operation,
          'db.statement': sqlForSpan(text),
        },
      },
      parent,
    );
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (error: unknown, ...rest: unknown[]) => void;
      args[last] = (error: unknown, ...rest: unknown[]) => {
        finish(span, error);
        callback(error, ...rest);
      };
      return original.apply(this, args);
    }
    let result: unknown;
    try {
      result = original.apply(this, args);
    } catch (error) {
      finish(span, error);
      throw error;
    }
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      return (result as Promise<unknown>).then(
        (value) => {
          finish(span, undefined);
          return value;
        },
        (error: unknown) => {
          finish(span, error);
          throw error;
        },
      );
    }
    finish(span, undefined);
    return result;
  };
}

function finish(span: Span, error: unknown): void {
  if (error) markFailed(span, error);
  span.end();
}
